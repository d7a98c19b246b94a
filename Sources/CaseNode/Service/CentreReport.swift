import CaseCore
import CaseStorage
import CaseSupport

/// A report's figures arranged for reading: per centre (sorted by id), each with its
/// procedures (sorted by code), and the totals of them all.
public struct CentreReport: Sendable {
    public struct Centre: Sendable {
        public var id: String
        public var counts: ReportCounts
        /// By code; a code filed under two names (the catalogue gave it to another procedure) twice.
        public var procedures: [(code: String, name: String, counts: ReportCounts)]
    }

    public var period: ReportPeriod
    /// The one centre asked for, or nil for every centre this node knows of.
    public var centreFilter: String?
    public var centres: [Centre]
    public var totals: ReportCounts
    /// The dossiers resolved late in the period, by centre and code, with their reasons.
    public var lateDossiers: [ReportLateDossier]

    public init(period: ReportPeriod, centre: String?, rows: [ReportKey: ReportCounts], lateDossiers: [ReportLateDossier] = []) {
        self.period = period
        self.lateDossiers = lateDossiers
        centreFilter = centre
        let byCentre = Dictionary(grouping: rows.keys, by: \.centre)
        centres = byCentre.keys.sorted().map { id in
            let procedures = byCentre[id, default: []].sorted().map { key in
                (code: key.procedureCode, name: key.procedureName, counts: rows[key, default: ReportCounts()])
            }
            return Centre(id: id, counts: procedures.reduce(ReportCounts()) { $0.adding($1.counts) }, procedures: procedures)
        }
        totals = centres.reduce(ReportCounts()) { $0.adding($1.counts) }
    }
}

extension CentreReport.Centre {
    /// The centre's figures summed per field (lĩnh vực) of its procedures, the rows of the
    /// official report; sorted by name, procedures the catalogue does not know (nil) last.
    func byField(_ field: (_ code: String, _ name: String) -> String?) -> [(name: String?, counts: ReportCounts)] {
        let grouped = Dictionary(grouping: procedures) { field($0.code, $0.name) }
        return grouped.keys.sorted { ($0 == nil ? 1 : 0, $0 ?? "") < ($1 == nil ? 1 : 0, $1 ?? "") }.map { name in
            (name, grouped[name, default: []].reduce(ReportCounts()) { $0.adding($1.counts) })
        }
    }
}

extension CentreReport {
    /// The answer of `GET /v1/reports`. `first` and `last` are the period's days as asked.
    /// A row is named as its dossiers were filed (a name from today's catalogue may be another
    /// procedure's: codes were corrected); `procedure` finds the procedure of a code and name in
    /// the node's catalogue (nil when it has none of that name), for its field (lĩnh vực), so
    /// reports can also be summed per field.
    func json(
        first: CivilDate, last: CivilDate, node: String, procedure procedureInCatalogue: (_ code: String, _ name: String) -> Procedure?
    ) -> JSONValue {
        let centres: [JSONValue] = self.centres.map { centre in
            let procedures: [JSONValue] = centre.procedures.map { procedure in
                var object: [String: JSONValue] = ["procedureCode": .string(procedure.code), "figures": procedure.counts.json]
                let known = procedureInCatalogue(procedure.code, procedure.name)
                // Dossiers filed before names were stored with them have none: the catalogue's then.
                object["procedureName"] = procedure.name.isEmpty ? known.map { .string($0.name) } : .string(procedure.name)
                object["procedureField"] = known.map { .string($0.field) }
                return .object(object)
            }
            return [
                "centre": .string(centre.id), "figures": centre.counts.json, "procedures": .array(procedures),
                "fields": .array(centre.byField { procedureInCatalogue($0, $1)?.field }.map { field in
                    ["procedureField": field.name.map { .string($0) } ?? .null, "figures": field.counts.json]
                }),
            ]
        }
        return [
            "node": .string(node),
            "from": .string(first.iso),
            "to": .string(last.iso),
            "periodStart": .string(VietnamTime.iso8601(period.start)),
            "periodEnd": .string(VietnamTime.iso8601(period.end)),
            "asOf": .string(VietnamTime.iso8601(period.asOf)),
            "centre": centreFilter.map { .string($0) } ?? .null,
            "centres": .array(centres),
            "totals": totals.json,
            "lateDossiers": .array(lateDossiers.map(\.json)),
        ]
    }
}

extension ReportCounts {
    /// Every figure by name, derived ones included.
    var json: JSONValue {
        [
            "received": .int(received),
            "receivedAtCounter": .int(receivedAtCounter),
            "receivedOnline": .int(receivedOnline),
            "receivedByPost": .int(receivedByPost),
            "carriedOver": .int(carriedOver),
            "totalToProcess": .int(totalToProcess),
            "resolved": .int(resolved),
            "resolvedOnTime": .int(resolvedOnTime),
            "resolvedEarly": .int(resolvedEarly),
            "resolvedLate": .int(resolvedLate),
            "resolvedApologised": .int(resolvedApologised),
            "onTimeRatePercent": onTimeRatePercent.map { .double($0) } ?? .null,
            "closedWithoutResult": .int(closedWithoutResult),
            "inProgress": .int(inProgress),
            "inProgressNotYetDue": .int(inProgressNotYetDue),
            "inProgressOverdue": .int(inProgressOverdue),
            "apologies": .int(apologies),
            "supplementRequests": .int(supplementRequests),
            "refusals": .int(refusals),
            "withdrawals": .int(withdrawals),
            "receivedForOtherCentres": .int(receivedForOtherCentres),
            "handedOver": .int(handedOver),
            "takenOver": .int(takenOver),
            "transferredOut": .int(transferredOut),
            "transferredIn": .int(transferredIn),
        ]
    }
}

extension ReportLateDossier {
    /// A late dossier in a report's answer; `reason` null when none was given.
    var json: JSONValue {
        [
            "code": .string(code), "centre": .string(centre), "procedureCode": .string(procedureCode), "procedureName": .string(procedureName),
            "reason": reason.map { .string($0) } ?? .null,
        ]
    }
}
