import CaseCore

/// The simulated clerks: filings and workflow steps decided by `DossierDecisions` as at a
/// real node, each stored at its node, acknowledged to the client and handed to replication.
extension Simulation {
    /// A clerk at `nodeID` files a new dossier there; returns its (acknowledged) filing.
    /// With `idempotencyKey` (the simulated clerks' shared caller, as one admin token at a real
    /// node) a retry the node already holds is answered with the original filing, decided by
    /// `DossierDecisions.retry` as at a real node, and nothing is stored.
    @discardableResult
    public func fileDossier(
        at nodeID: String, channel: Dossier.Channel = .counter, competentCentre: String? = nil, idempotencyKey: String? = nil
    ) throws -> ChangeEvent {
        let node = node(nodeID)
        precondition(node.canTakeDossierCode, "\(nodeID) has handed out every dossier code of the day")
        var request = ClerkRequests.filing(channel: channel, competentCentre: competentCentre ?? node.id)
        if let idempotencyKey {
            let record = try ClerkRequests.idempotency(idempotencyKey, of: request)
            if let original = try DossierDecisions.retry(record, held: node.log.idempotencyKey(scope: record.scope, key: record.key)) {
                trace.mix("replayed \(idempotencyKey) at \(nodeID): \(original)")
                guard let filed = node.log.events(forDossier: original).first(where: { $0.kind == .filed }) else {
                    throw DossierRefusal.retryNotReady(original)
                }
                return filed
            }
            request.idempotency = record
        }
        let filing = try DossierDecisions.check(request, against: ClerkRequests.catalogue)
        let context = node.decisionContext(nowMs: nowMs, calendar: ClerkRequests.calendar, centres: centres(at: node))
        return try commitLocally(DossierDecisions.file(filing, code: node.takeDossierCode(), context: context).event, at: node)
    }

    /// Who takes a step at a simulated node.
    public enum Caller: Sendable {
        /// One of the node's clerks: acts for the node's centre, in its lane (`DossierLane`).
        case clerk
        /// An admin working at the node: not limited to a lane.
        case admin
    }

    /// A clerk (or an admin) at `nodeID` asks for `action` on the dossier `code`, which that
    /// node decides on as it sees the dossier. A refusal (`DossierRefusal`) is thrown and
    /// nothing is stored.
    @discardableResult
    public func takeStep(_ action: WorkflowAction, on code: String, at nodeID: String, as caller: Caller = .clerk) throws -> ChangeEvent {
        let node = node(nodeID)
        // A transfer may go to any centre: one of another province brings the dossier there, and
        // that province's nodes import its history from a holder (`ReplicationNode+Imports`).
        let request = ClerkRequests.step(
            action, nodeIDs: nodeIDs, wallClockMs: node.wallClockMs(atSimulatedMs: nowMs), random: &clerkRandom)
        let context = node.decisionContext(nowMs: nowMs, calendar: ClerkRequests.calendar, centres: centres(at: node))
        let decision = try DossierDecisions.act(
            request, by: authority(of: caller, at: node), history: node.log.events(forDossier: code), code: code, context: context)
        return try commitLocally(decision.event, at: node)
    }

    /// A node's clerks act for its centre (the node's id), as a real node's clerk tokens do.
    func authority(of caller: Caller, at node: SimulatedNode) -> ActingAuthority {
        caller == .admin ? .admin : .clerk(centre: node.id)
    }

    /// Stores a decided event at its node, acknowledges it to the client, and hands it to replication.
    func commitLocally(_ decided: ChangeEvent, at node: SimulatedNode) throws -> ChangeEvent {
        let writerHistory = hasProvinces ? node.log.events(forDossier: decided.dossierCode) : []
        let event = try node.log.appendLocal(decided)
        let directory = node.log.streams.directory
        let placing: ((String) -> ProvinceCode?)? = hasProvinces ? { directory.province(ofCentre: $0) } : nil
        ledger.acknowledge(event, province: placing, writerHistory: writerHistory)
        trace.mix("ack \(event.id) \(event.kind) \(event.dossierCode) \(event.timestamp.rawValue)")
        dispatch(node.handle(.localEventsCommitted([event]), nowMs: nowMs), from: node)
        return event
    }

    /// A refusal changes nothing; it is counted by its code and is part of the trace.
    func noteRefusal(_ refusal: DossierRefusal, of action: WorkflowAction, on code: String, at node: SimulatedNode) {
        precondition(refusal.kind != .broken, "\(node.id) holds a malformed history of \(code): \(refusal)")
        refusals[refusal.code, default: 0] += 1
        trace.mix("refused \(action.rawValue) \(code) at \(node.id): \(refusal.code)")
    }
}
