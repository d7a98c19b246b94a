import CaseCore
import CaseReplication
import CaseSupport

/// The answer to a request for a dossier this node does not hold (docs/provinces.md, "What
/// a clerk sees"): in a cluster divided into provinces, `404 not_held` saying where it is
/// held; otherwise the plain `404 not_found`, as before provinces.
extension DossierService {
    /// The error for `code`, which this node does not hold. Says only codes, centre ids and
    /// provinces: what the applicant is, this node does not know.
    func absent(_ code: String) -> ServiceError {
        let streams = store.streams
        guard streams.isDivided,
              let whereabouts = DossierWhereabouts.locate(
                code: code, scope: streams, agencies: agencies(naming: code), members: contactMembers())
        else { return .refused(.notFound(code)) }
        return .notHeld(whereabouts)
    }

    /// Runs `body`, a step on dossier `code`, answering its "no such dossier" as `absent` does.
    func answeringAbsence<T>(of code: String, _ body: () throws(ServiceError) -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch where error.httpStatus == 404 && error.code == DossierRefusal.notFound(code).code {
            throw absent(code)
        }
    }

    /// The centre known to use the agency that opens `code`, keyed by that agency: this node
    /// itself, or the receiving centre of a dossier held here of the same agency (the only
    /// places a configured `--agency` can be read from; other centres are matched by the
    /// default agency of their id). Empty when there is none or the store cannot be read:
    /// the answer then only says less.
    private func agencies(naming code: String) -> [String: String] {
        guard let agency = DossierCode.agency(ofCode: code) else { return [:] }
        if agency == self.agency { return [agency: nodeID] }
        let centre = try? store.read { try $0.receivingCentre(ofAgency: agency) }
        return centre.map { [agency: $0] } ?? [:]
    }
}

extension ServiceError {
    /// `404 not_held`, with the province that holds the dossier and a contact there as fields.
    static func notHeld(_ whereabouts: DossierWhereabouts) -> ServiceError {
        let holder = whereabouts.holder
        return ServiceError(httpStatus: 404, code: "not_held", message: whereabouts.message, details: [
            "dossier": .string(whereabouts.code),
            "nodeProvince": json(whereabouts.nodeProvince),
            "province": holder.map { json($0.province) } ?? .null,
            "receivingCentre": holder.map { .string($0.receivingCentre) } ?? .null,
            "contact": holder?.contact.map { ["id": .string($0.id), "httpAddress": .string($0.httpAddress)] } ?? .null,
        ])
    }

    private static func json(_ province: ProvinceCode) -> JSONValue {
        ["code": .string(province.rawValue), "name": .string(province.name)]
    }
}
