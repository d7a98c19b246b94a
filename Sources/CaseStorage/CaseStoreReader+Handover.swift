import CaseCore

/// What a commune merger's handover needs: the unfinished dossiers one centre
/// handles, found through the `dossiers_by_handling` index.
extension CaseStoreReader {
    /// Codes of the unfinished dossiers whose handling centre is `centre`, in code order, at most `limit`.
    public func unfinishedDossierCodes(handledBy centre: String, limit: Int) throws -> [String] {
        precondition(limit >= 1, "a page holds at least one dossier")
        let rows = try connection.query(
            "SELECT code FROM dossiers WHERE handling_centre = ? AND status IN (\(Self.unfinishedStatusList)) ORDER BY code LIMIT ?",
            [.text(centre), .integer(Int64(limit))])
        return try rows.map { try $0.requiredText(0) }
    }

    /// How many unfinished dossiers have `centre` as their handling centre.
    public func unfinishedDossierCount(handledBy centre: String) throws -> Int {
        let rows = try connection.query(
            "SELECT count(*) FROM dossiers WHERE handling_centre = ? AND status IN (\(Self.unfinishedStatusList))", [.text(centre)])
        return Int(rows.first?.integer(0) ?? 0)
    }

    /// The unfinished statuses as SQL literals: fixed names from the code, never user input.
    private static let unfinishedStatusList = DossierStatus.allCases.filter(\.isUnfinished)
        .map { "'\($0.rawValue)'" }.joined(separator: ",")
}
