import CaseCore
import CaseSupport
import CaseReplication

/// The answer of `POST /v1/admin/retire`: one batch of the handover ledger.
extension HandoverBatch {
    /// `nodeState` is the retired centre's membership state after the request,
    /// `retiredNow` whether this request is the one that marked it retired.
    func json(nodeState: MemberState, retiredNow: Bool) -> JSONValue {
        let counts = countsByStatus.map { ($0.key.rawValue, JSONValue.int(Int64($0.value))) }
        return [
            "node": .string(retired),
            "successor": .string(successor),
            "moved": .int(Int64(moved.count)),
            "remaining": .int(Int64(remaining)),
            "nodeState": .string(nodeState.rawValue),
            "retiredNow": .bool(retiredNow),
            "counts": .object(Dictionary(uniqueKeysWithValues: counts)),
            "items": .array(moved.map(\.json)),
        ]
    }
}

extension HandoverBatch.Item {
    var json: JSONValue {
        [
            "code": .string(code), "status": .string(status.rawValue), "dueAt": .string(VietnamTime.iso8601(dueAt)),
            "from": .string(from), "to": .string(to), "event": .string(event.description),
        ]
    }
}
