import CaseCore

/// What a commune merger's handover needs: the dossiers one centre handles that are still
/// owed to the citizen (`DossierStatus.awaitsHandover`: unfinished, or resolved and not yet
/// returned), found through the `dossiers_by_handling` index.
extension CaseStoreReader {
    /// Codes of the dossiers awaiting handover whose handling centre is `centre`, in code order, at most `limit`.
    public func dossierCodesAwaitingHandover(handledBy centre: String, limit: Int) throws -> [String] {
        precondition(limit >= 1, "a page holds at least one dossier")
        let rows = try connection.query(
            "SELECT code FROM dossiers WHERE handling_centre = ? AND status IN (\(Self.awaitingHandoverStatusList)) ORDER BY code LIMIT ?",
            [.text(centre), .integer(Int64(limit))])
        return try rows.map { try $0.requiredText(0) }
    }

    /// How many dossiers awaiting handover have `centre` as their handling centre.
    public func dossierCountAwaitingHandover(handledBy centre: String) throws -> Int {
        let rows = try connection.query(
            "SELECT count(*) FROM dossiers WHERE handling_centre = ? AND status IN (\(Self.awaitingHandoverStatusList))", [.text(centre)])
        return Int(rows.first?.integer(0) ?? 0)
    }

    /// The statuses awaiting handover as SQL literals: fixed names from the code, never user input.
    private static let awaitingHandoverStatusList = DossierStatus.allCases.filter(\.awaitsHandover)
        .map { "'\($0.rawValue)'" }.joined(separator: ",")
}
