import CaseCore

/// Simulated admins: settling conflicts with a replicated `settle` step.
extension Simulation {
    /// An admin at `nodeID` settles every open conflict of dossier `code` as that node sees
    /// it; nil (nothing written) when it sees none.
    @discardableResult
    public func settleConflicts(of code: String, at nodeID: String) throws -> ChangeEvent? {
        let node = node(nodeID)
        guard let dossier = node.log.dossier(code: code) else { preconditionFailure("\(nodeID) does not know dossier \(code)") }
        let open = dossier.conflicts.filter { $0.settledBy == nil }.map(\.event)
        guard !open.isEmpty else { return nil }
        return try commitLocally(at: node, dossierCode: code, kind: .action(.settle), payload: ClerkPayloads.settlement(of: open))
    }

    /// Settles the open conflicts of one dossier among `codes` (picked at random) that has
    /// any at `node`; false when none has.
    func settleRandomConflict(at node: SimulatedNode, among codes: [String]) throws -> Bool {
        let candidates = codes.filter { code in
            node.log.dossier(code: code)?.conflicts.contains { $0.settledBy == nil } == true
        }
        guard let code = candidates.randomElement(using: &clerkRandom) else { return false }
        return try settleConflicts(of: code, at: node.id) != nil
    }
}
