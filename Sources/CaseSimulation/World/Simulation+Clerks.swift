import CaseCore

/// The simulated clerks: filings and workflow steps, each stored at its node,
/// acknowledged to the client and handed to replication.
extension Simulation {
    /// A clerk at `nodeID` files a new dossier there; returns its (acknowledged) filing.
    @discardableResult
    public func fileDossier(at nodeID: String, channel: Dossier.Channel = .counter, competentCentre: String? = nil) throws -> ChangeEvent {
        let node = node(nodeID)
        precondition(node.canTakeDossierCode, "\(nodeID) has handed out every dossier code of the day")
        let payload = ClerkPayloads.filing(
            channel: channel, receivingCentre: node.id, competentCentre: competentCentre ?? node.id,
            wallClockMs: node.wallClockMs(atSimulatedMs: nowMs))
        return try commitLocally(at: node, dossierCode: node.takeDossierCode(), kind: .filed, payload: payload)
    }

    /// A clerk at `nodeID` takes `action` on the dossier `code`, as that node
    /// sees it. Clerks take only steps their node allows: anything else is a bug in the caller.
    @discardableResult
    public func takeStep(_ action: WorkflowAction, on code: String, at nodeID: String) throws -> ChangeEvent {
        let node = node(nodeID)
        guard let dossier = node.log.dossier(code: code) else { preconditionFailure("\(nodeID) does not know dossier \(code)") }
        precondition(
            StatusMachine.status(after: action, from: dossier.status) != nil,
            "\(action.rawValue) is not allowed from \(dossier.status.rawValue) at \(nodeID)")
        let payload = ClerkPayloads.step(
            action, nodeIDs: nodeIDs, wallClockMs: node.wallClockMs(atSimulatedMs: nowMs), random: &clerkRandom)
        return try commitLocally(at: node, dossierCode: code, kind: .action(action), payload: payload)
    }

    /// Stores the event at its node, acknowledges it to the client, and hands it to replication.
    func commitLocally(at node: SimulatedNode, dossierCode: String, kind: EventKind, payload: JSONValue) throws -> ChangeEvent {
        let event = try node.author(dossierCode: dossierCode, kind: kind, payload: payload, nowMs: nowMs)
        ledger.acknowledge(event)
        trace.mix("ack \(event.id) \(event.kind) \(event.dossierCode) \(event.timestamp.rawValue)")
        dispatch(node.handle(.localEventsCommitted([event]), nowMs: nowMs), from: node)
        return event
    }

    /// One random client operation: usually a step on a recently filed dossier
    /// the node knows (only steps its state allows), sometimes a new filing.
    func performRandomOperation() {
        let upNodes = nodes.filter(\.isUp)
        guard let node = upNodes.randomElement(using: &clerkRandom) else { return }
        let known = node.log.dossierCodes
        do {
            // Drawn only when admins take part, so runs without them replay exactly as before.
            if options.settleProbability > 0, Double.random(in: 0..<1, using: &clerkRandom) < options.settleProbability,
               try settleRandomConflict(at: node, among: known) {
                return
            }
            if known.isEmpty || Double.random(in: 0..<1, using: &clerkRandom) < options.filingProbability {
                guard node.canTakeDossierCode else { return }
                let channel: Dossier.Channel = Bool.random(using: &clerkRandom) ? .counter : .online
                try fileDossier(at: node.id, channel: channel, competentCentre: nodeIDs.randomElement(using: &clerkRandom))
                return
            }
            let hot = ledger.filedCodes.suffix(options.hotDossierCount).filter { node.log.dossier(code: $0) != nil }
            let pickHot = !hot.isEmpty && Double.random(in: 0..<1, using: &clerkRandom) < options.hotDossierProbability
            let code = pickHot ? hot.randomElement(using: &clerkRandom)! : known.randomElement(using: &clerkRandom)!
            let status = node.log.dossier(code: code)!.status
            // `note` is allowed from every status, so there is always a choice.
            let action = StatusMachine.allowedActions(from: status).randomElement(using: &clerkRandom)!
            try takeStep(action, on: code, at: node.id)
        } catch {
            authoringProblems.append("\(node.id) could not store a clerk's event at t=\(nowMs): \(error)")
        }
    }
}
