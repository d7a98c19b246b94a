import CaseCore

/// The randomized run's client operations: what the clerks and admins at the nodes ask
/// for, drawn from `clerkRandom`. The nodes decide on each as a real node would.
extension Simulation {
    /// One random client operation: usually a step on a recently filed dossier the node
    /// knows and its centre handles, sometimes a new filing. Most steps are ones its state
    /// and the clerk's lane allow; a few are any clerk action, or a step on a dossier outside
    /// the lane, as a hurried clerk may ask, and the node refuses those it must.
    func performRandomOperation() {
        let upNodes = nodes.filter(\.isUp)
        guard let node = upNodes.randomElement(using: &clerkRandom) else { return }
        let known = node.log.dossierCodes
        do {
            // Drawn only when admins settle at all, so a run without them draws no number for it.
            if options.settleProbability > 0, Double.random(in: 0..<1, using: &clerkRandom) < options.settleProbability,
               try settleRandomConflict(at: node, among: known) {
                return
            }
            // Drawn only when token admins take part, as settling above.
            if options.tokenOperationProbability > 0, Double.random(in: 0..<1, using: &clerkRandom) < options.tokenOperationProbability {
                try performRandomTokenOperation(at: node)
                return
            }
            if known.isEmpty || Double.random(in: 0..<1, using: &clerkRandom) < options.filingProbability {
                guard node.canTakeDossierCode else { return }
                let channel: Dossier.Channel = Bool.random(using: &clerkRandom) ? .counter : .online
                try fileDossier(at: node.id, channel: channel, competentCentre: pickCompetentCentre(at: node))
                return
            }
            try takeRandomStep(at: node, among: known)
        } catch {
            authoringProblems.append("\(node.id) could not store a clerk's event at t=\(nowMs): \(error)")
        }
    }

    /// Any node without provinces. With them, mostly a centre of the node's own province,
    /// now and then (`crossProvinceFilingProbability`) one of another province.
    /// The clerk picks among the centres the node offers: those it has placed
    /// (`StreamScope.mayName`), all of them unless it learns placement.
    private func pickCompetentCentre(at node: SimulatedNode) -> String {
        guard let province = node.province else { return nodeIDs.randomElement(using: &clerkRandom)! }
        let crosses = Double.random(in: 0..<1, using: &clerkRandom) < options.crossProvinceFilingProbability
        let scope = node.log.streams
        let candidates = nodes.filter { scope.mayName(centre: $0.id) && (scope.province(ofNode: $0.id) == province) != crosses }.map(\.id)
        return (candidates.randomElement(using: &clerkRandom) ?? node.id)
    }

    /// A step at `node`: mostly a clerk's, in its lane; now and then a clerk's that strays
    /// from it, or an admin's on any dossier (admins are not limited, and their steps meet
    /// the clerks' in every status, so conflicts arise beyond intake too).
    private func takeRandomStep(at node: SimulatedNode, among known: [String]) throws {
        // Drawn only when admins take steps at all, as settling above.
        let byAdmin = options.adminStepProbability > 0 && Double.random(in: 0..<1, using: &clerkRandom) < options.adminStepProbability
        let strays = !byAdmin && Double.random(in: 0..<1, using: &clerkRandom) < options.outOfLaneProbability
        let heedsLane = !byAdmin && !strays
        let code = pickDossier(at: node, among: known, inLaneOnly: heedsLane)
        let action = pickAction(for: node.log.dossier(code: code)!, at: node, heedingLane: heedsLane)
        do {
            try takeStep(action, on: code, at: node.id, as: byAdmin ? .admin : .clerk)
        } catch let refusal as DossierRefusal {
            noteRefusal(refusal, of: action, on: code, at: node)
        }
    }

    /// Mostly one of the few most recently filed dossiers, so concurrent steps meet; with
    /// `inLaneOnly`, one the node's clerks have work on. With none such, any the node knows
    /// (the clerk adds a note).
    private func pickDossier(at node: SimulatedNode, among known: [String], inLaneOnly: Bool) -> String {
        let eligible = { (code: String) in
            inLaneOnly ? self.hasWorkInLane(node.log.dossier(code: code), at: node) : node.log.dossier(code: code) != nil
        }
        let hot = ledger.filedCodes.suffix(options.hotDossierCount).filter(eligible)
        let pickHot = !hot.isEmpty && Double.random(in: 0..<1, using: &clerkRandom) < options.hotDossierProbability
        if pickHot { return hot.randomElement(using: &clerkRandom)! }
        let candidates = inLaneOnly ? known.filter(eligible) : known
        return (candidates.randomElement(using: &clerkRandom) ?? known.randomElement(using: &clerkRandom))!
    }

    /// Whether the node's clerks may take a step on `dossier` that its status allows, a note aside.
    private func hasWorkInLane(_ dossier: Dossier?, at node: SimulatedNode) -> Bool {
        guard let dossier else { return false }
        return StatusMachine.allowedActions(from: dossier.status).contains { action in
            action != .note && DossierLane.verdict(action, on: dossier, by: authority(of: .clerk, at: node), atNode: node.id) == .allowed
        }
    }

    /// A step the dossier's status allows, and (heeding the lane) one the node's clerks may
    /// take; now and then any clerk action, as a hurried clerk may ask.
    private func pickAction(for dossier: Dossier, at node: SimulatedNode, heedingLane: Bool) -> WorkflowAction {
        if Double.random(in: 0..<1, using: &clerkRandom) < options.unexpectedStepProbability {
            return WorkflowAction.clerkActions.randomElement(using: &clerkRandom)!
        }
        let authority = authority(of: .clerk, at: node)
        // `note` is allowed from every status and in every lane, so there is always a choice.
        return StatusMachine.allowedActions(from: dossier.status)
            .filter { !heedingLane || DossierLane.verdict($0, on: dossier, by: authority, atNode: node.id) == .allowed }
            .randomElement(using: &clerkRandom)!
    }
}
