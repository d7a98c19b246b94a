import CaseCore
import CaseStorage
import CaseSupport

/// The backlog a commune merger handed over from a retired centre, as it stands now: which
/// dossiers, to whom, and their status, with a count per status.
public struct HandoverReport: Sendable {
    public var retired: String
    /// The successor the latest handover named (`centre_successors`).
    public var successor: String
    public var asOf: Instant
    public var dossiers: [HandedOverDossier]

    /// How many handed-over dossiers are in each status now, and how many are overdue.
    public var summary: (byStatus: [String: Int], overdue: Int) {
        (Dictionary(grouping: dossiers, by: \.status).mapValues(\.count), dossiers.count { $0.overdue })
    }

    /// The answer of `GET /v1/reports?handover=RETIRED`.
    func json(node: String) -> JSONValue {
        let summary = self.summary
        return [
            "node": .string(node),
            "retired": .string(retired),
            "successor": .string(successor),
            "asOf": .string(VietnamTime.iso8601(asOf)),
            "handedOver": .int(Int64(dossiers.count)),
            "overdue": .int(Int64(summary.overdue)),
            "byStatus": .object(summary.byStatus.mapValues { .int(Int64($0)) }),
            "dossiers": .array(dossiers.map(\.json)),
        ]
    }
}

extension HandedOverDossier {
    var json: JSONValue {
        [
            "code": .string(code), "procedureCode": .string(procedureCode), "procedureName": .string(procedureName),
            "handedOverAt": .string(VietnamTime.iso8601(handedOverAt)), "successor": .string(successor),
            "handlingCentre": .string(handlingCentre), "status": .string(status),
            "dueAt": .string(VietnamTime.iso8601(dueAt)), "overdue": .bool(overdue),
        ]
    }
}
