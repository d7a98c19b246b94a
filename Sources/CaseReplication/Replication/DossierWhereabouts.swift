import CaseCore

/// Where a dossier is held that a node divided into provinces does not hold: the answer
/// behind `404 not_held` (docs/design/provinces.md, "Reads across provinces").
///
/// The node does not fetch the dossier for the caller: moving a citizen's data to a province
/// that has no dossier of theirs is what data minimisation forbids. It says where to ask
/// instead. The receiving centre's province always holds a dossier, and a code opens with the
/// receiving centre's agency, so the code alone says where to ask whenever the node can tell
/// which centre uses that agency.
public struct DossierWhereabouts: Equatable, Sendable {
    /// A live member of the holding province, and where its API answers.
    public struct Contact: Equatable, Sendable {
        public let id: String
        public let httpAddress: String
    }

    /// Where the dossier is held, when the node can tell.
    public struct Holder: Equatable, Sendable {
        /// The centre the code's agency names: it received the dossier.
        public let receivingCentre: String
        /// The receiving centre's province, whose nodes all hold the dossier.
        public let province: ProvinceCode
        /// Nil when no member of that province is known to be alive now.
        public let contact: Contact?
    }

    public let code: String
    /// The asked node's province: the one whose dossiers it holds.
    public let nodeProvince: ProvinceCode
    /// Nil when the code's agency is no centre the node knows.
    public let holder: Holder?

    /// What a node of `scope` answers for `code`, which it does not hold; nil when it answers a
    /// plain not found: a node not divided into provinces holds every dossier, and a code
    /// received in the node's own province is one the node would hold if it existed.
    ///
    /// `agencies`: the agency codes the node knows to be a centre's (its own configured one,
    /// those of the dossiers it holds); any other centre of the directory is taken to use the
    /// default agency of its id (`AgencyCode.derived(fromNodeID:)`). `members`: the
    /// membership as the node sees it, where a contact is chosen.
    public static func locate(
        code: String, scope: StreamScope, agencies: [String: String], members: [MemberRecord]
    ) -> DossierWhereabouts? {
        guard let nodeProvince = scope.province else { return nil }
        guard let centre = receivingCentre(ofCode: code, directory: scope.directory, agencies: agencies),
              let province = scope.province(ofNode: centre) else {
            return DossierWhereabouts(code: code, nodeProvince: nodeProvince, holder: nil)
        }
        guard province != nodeProvince else { return nil }
        let contact = contact(in: province, preferring: centre, scope: scope, members: members)
        return DossierWhereabouts(
            code: code, nodeProvince: nodeProvince, holder: Holder(receivingCentre: centre, province: province, contact: contact))
    }

    /// The centre whose agency opens `code`: the one `agencies` names, else the only centre
    /// of `directory` whose default agency it is; nil when none or several are.
    public static func receivingCentre(ofCode code: String, directory: ProvinceDirectory, agencies: [String: String]) -> String? {
        guard let agency = DossierCode.agency(ofCode: code) else { return nil }
        if let centre = agencies[agency] { return centre }
        let derived = directory.certifiedProvinces.keys.filter { AgencyCode.derived(fromNodeID: $0) == agency }
        return derived.count == 1 ? derived.first : nil
    }

    /// An alive member of `province` with an API address: `centre` itself when it is one (it
    /// received the dossier, so it surely holds it), else the first by id, so that every ask
    /// names the same one.
    public static func contact(in province: ProvinceCode, preferring centre: String, scope: StreamScope, members: [MemberRecord]) -> Contact? {
        let alive = members
            .filter { $0.state == .alive && !$0.httpAddress.isEmpty && scope.province(ofNode: $0.id) == province }
            .sorted { ($0.id == centre ? 0 : 1, $0.id) < ($1.id == centre ? 0 : 1, $1.id) }
        return alive.first.map { Contact(id: $0.id, httpAddress: $0.httpAddress) }
    }

    /// The sentence the API answers with: codes and centre ids only, never the applicant.
    public var message: String {
        let scope = "this node holds only the dossiers of province \(Self.named(nodeProvince)) and those shared with it"
        guard let holder else {
            return "dossier \(code) is not held here: \(scope); it may be held in another province, or not exist"
        }
        let ask = holder.contact.map { "ask \($0.id) at \($0.httpAddress)" }
            ?? "no member of province \(holder.province) is known to be alive now"
        return "dossier \(code) is not held here: \(scope); its code names centre \(holder.receivingCentre) of province "
            + "\(Self.named(holder.province)), whose nodes hold it if it exists: \(ask)"
    }

    /// "01 (Thành phố Hà Nội)".
    public static func named(_ province: ProvinceCode) -> String {
        "\(province.rawValue) (\(province.name))"
    }
}
