import CaseCore

/// Simulated admins: settling conflicts with a replicated `settle` step.
extension Simulation {
    /// An admin at `nodeID` settles every open conflict of dossier `code` as that node sees
    /// it; nil (nothing written) when it sees none.
    @discardableResult
    public func settleConflicts(of code: String, at nodeID: String) throws -> ChangeEvent? {
        let node = node(nodeID)
        precondition(node.log.dossier(code: code) != nil, "\(nodeID) does not know dossier \(code)")
        let request = SettleRequest(events: nil, note: ClerkRequests.nfc("thống nhất giữ kết quả"))
        let context = node.decisionContext(nowMs: nowMs, calendar: ClerkRequests.calendar)
        let decision: DossierDecision
        do {
            decision = try DossierDecisions.settle(request, history: node.log.events(forDossier: code), code: code, context: context)
        } catch {
            // Nothing to settle here is no failure of the admin's: nothing is written.
            if error.code == "no_open_conflicts" { return nil }
            throw error
        }
        return try commitLocally(decision.event, at: node)
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
