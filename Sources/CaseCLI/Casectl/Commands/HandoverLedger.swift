import CaseSupport

/// What `casectl retire` gathers from the node's answers, request after
/// request: every dossier moved, counts per status, and where things stand.
struct HandoverLedger: Equatable {
    /// The list keeps at most this many dossiers (the counts keep all): a
    /// commune holds far fewer unfinished dossiers, and the list is printed whole.
    static let maxItems = 100_000

    struct Item: Equatable {
        var code: String
        var status: String
        var dueAt: String
        var from: String
        var to: String
    }

    let node: String
    let successor: String
    private(set) var requests = 0
    private(set) var moved = 0
    /// Unfinished dossiers still handled by `node`, as of the last answer.
    private(set) var remaining = 0
    private(set) var countsByStatus: [String: Int] = [:]
    private(set) var items: [Item] = []
    /// Moved dossiers past `maxItems`: counted, not listed.
    private(set) var omittedItems = 0
    /// The retired centre's membership state after the last answer.
    private(set) var nodeState = ""
    /// Whether one of the requests is the one that marked the centre retired.
    private(set) var retiredNow = false
    /// Dossiers moved by the last request.
    private(set) var lastMoved = 0
    /// What the last answer asks the root to sign, in a cluster with a root key
    /// (`{"member", "clusterId", "lastSequence"}`), or nil.
    private(set) var decisionRequired: JSONValue?

    init(node: String, successor: String) {
        self.node = node
        self.successor = successor
    }

    /// Takes in one answer of `POST /v1/admin/retire`; throws if it is not a ledger.
    mutating func add(_ answer: JSONValue) throws {
        guard let moved = answer["moved"]?.int64Value, let remaining = answer["remaining"]?.int64Value,
              let nodeState = answer["nodeState"]?.stringValue, let items = answer["items"]?.arrayValue,
              Int64(items.count) == moved else {
            throw NotALedger()
        }
        requests += 1
        lastMoved = Int(moved)
        self.moved += Int(moved)
        self.remaining = Int(remaining)
        self.nodeState = nodeState
        retiredNow = retiredNow || answer["retiredNow"]?.boolValue == true
        decisionRequired = answer["decisionRequired"]
        for item in items {
            let parsed = try Self.item(item)
            countsByStatus[parsed.status, default: 0] += 1
            if self.items.count < Self.maxItems { self.items.append(parsed) } else { omittedItems += 1 }
        }
    }

    /// The whole ledger as JSON (`casectl retire --json`).
    var json: JSONValue {
        [
            "node": .string(node), "successor": .string(successor), "moved": .int(Int64(moved)),
            "remaining": .int(Int64(remaining)), "requests": .int(Int64(requests)), "nodeState": .string(nodeState),
            "retiredNow": .bool(retiredNow), "counts": .object(countsByStatus.mapValues { .int(Int64($0)) }),
            "items": .array(items.map { item in
                ["code": .string(item.code), "status": .string(item.status), "dueAt": .string(item.dueAt),
                 "from": .string(item.from), "to": .string(item.to)]
            }),
            "itemsOmitted": .int(Int64(omittedItems)),
        ]
    }

    private static func item(_ value: JSONValue) throws -> Item {
        guard let code = value["code"]?.stringValue, let status = value["status"]?.stringValue,
              let dueAt = value["dueAt"]?.stringValue, let from = value["from"]?.stringValue, let to = value["to"]?.stringValue else {
            throw NotALedger()
        }
        return Item(code: code, status: status, dueAt: dueAt, from: from, to: to)
    }
}

/// The node answered `POST /v1/admin/retire` with something else than a handover ledger.
struct NotALedger: Error, CustomStringConvertible {
    var description: String {
        "the node's answer is not a handover ledger (moved, remaining, nodeState, items); is it a casenode of this version?"
    }
}
