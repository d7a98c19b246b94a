import CaseCore

/// The simulated clerks: filings and workflow steps decided by `DossierDecisions` as at a
/// real node, each stored at its node, acknowledged to the client and handed to replication.
extension Simulation {
    /// A clerk at `nodeID` files a new dossier there; returns its (acknowledged) filing.
    @discardableResult
    public func fileDossier(at nodeID: String, channel: Dossier.Channel = .counter, competentCentre: String? = nil) throws -> ChangeEvent {
        let node = node(nodeID)
        precondition(node.canTakeDossierCode, "\(nodeID) has handed out every dossier code of the day")
        let request = ClerkRequests.filing(channel: channel, competentCentre: competentCentre ?? node.id)
        let filing = try DossierDecisions.check(request, against: ClerkRequests.catalogue)
        let context = node.decisionContext(nowMs: nowMs, calendar: ClerkRequests.calendar)
        return try commitLocally(DossierDecisions.file(filing, code: node.takeDossierCode(), context: context).event, at: node)
    }

    /// A clerk at `nodeID` asks for `action` on the dossier `code`, which that node decides
    /// on as it sees the dossier. A refusal (`DossierRefusal`) is thrown and nothing is stored.
    @discardableResult
    public func takeStep(_ action: WorkflowAction, on code: String, at nodeID: String) throws -> ChangeEvent {
        let node = node(nodeID)
        let request = ClerkRequests.step(
            action, nodeIDs: nodeIDs, wallClockMs: node.wallClockMs(atSimulatedMs: nowMs), random: &clerkRandom)
        let context = node.decisionContext(nowMs: nowMs, calendar: ClerkRequests.calendar)
        let decision = try DossierDecisions.act(request, history: node.log.events(forDossier: code), code: code, context: context)
        return try commitLocally(decision.event, at: node)
    }

    /// Stores a decided event at its node, acknowledges it to the client, and hands it to replication.
    func commitLocally(_ decided: ChangeEvent, at node: SimulatedNode) throws -> ChangeEvent {
        let event = try node.log.appendLocal(decided)
        ledger.acknowledge(event)
        trace.mix("ack \(event.id) \(event.kind) \(event.dossierCode) \(event.timestamp.rawValue)")
        dispatch(node.handle(.localEventsCommitted([event]), nowMs: nowMs), from: node)
        return event
    }

    /// One random client operation: usually a step on a recently filed dossier the node
    /// knows, sometimes a new filing. Most steps are ones its state allows; a few are any
    /// clerk action, as a hurried clerk may ask, and the node refuses those it must.
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
                try fileDossier(at: node.id, channel: channel, competentCentre: nodeIDs.randomElement(using: &clerkRandom))
                return
            }
            let code = pickDossier(at: node, among: known)
            let action = pickAction(for: node.log.dossier(code: code)!.status)
            do {
                try takeStep(action, on: code, at: node.id)
            } catch let refusal as DossierRefusal {
                noteRefusal(refusal, of: action, on: code, at: node)
            }
        } catch {
            authoringProblems.append("\(node.id) could not store a clerk's event at t=\(nowMs): \(error)")
        }
    }

    /// Mostly one of the few most recently filed dossiers, so concurrent steps meet.
    private func pickDossier(at node: SimulatedNode, among known: [String]) -> String {
        let hot = ledger.filedCodes.suffix(options.hotDossierCount).filter { node.log.dossier(code: $0) != nil }
        let pickHot = !hot.isEmpty && Double.random(in: 0..<1, using: &clerkRandom) < options.hotDossierProbability
        return pickHot ? hot.randomElement(using: &clerkRandom)! : known.randomElement(using: &clerkRandom)!
    }

    private func pickAction(for status: DossierStatus) -> WorkflowAction {
        if Double.random(in: 0..<1, using: &clerkRandom) < options.unexpectedStepProbability {
            return WorkflowAction.clerkActions.randomElement(using: &clerkRandom)!
        }
        // `note` is allowed from every status, so there is always a choice.
        return StatusMachine.allowedActions(from: status).randomElement(using: &clerkRandom)!
    }

    /// A refusal changes nothing; it is counted by its code and is part of the trace.
    func noteRefusal(_ refusal: DossierRefusal, of action: WorkflowAction, on code: String, at node: SimulatedNode) {
        precondition(refusal.kind != .broken, "\(node.id) holds a malformed history of \(code): \(refusal)")
        refusals[refusal.code, default: 0] += 1
        trace.mix("refused \(action.rawValue) \(code) at \(node.id): \(refusal.code)")
    }
}
