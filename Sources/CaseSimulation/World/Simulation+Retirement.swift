import CaseCore

/// A commune merger in the simulation: what `POST /v1/admin/retire` does on a
/// real node, done by an admin at one simulated node.
extension Simulation {
    /// The admin at `adminNodeID` hands every dossier awaiting handover (unfinished, or
    /// resolved and not yet returned) that node
    /// holds with handling centre `retiredID` over to `successorID` (one
    /// `handover` step each, acknowledged like a clerk's), then marks
    /// `retiredID` retired in that node's membership. Returns the handover
    /// steps taken: none for a dossier already handed over, so running it
    /// again only picks up dossiers that arrived since (stragglers).
    @discardableResult
    public func retire(_ retiredID: String, successor successorID: String, at adminNodeID: String) throws -> [ChangeEvent] {
        precondition(retiredID != successorID && retiredID != adminNodeID, "an admin retires another node, for a different successor")
        let admin = node(adminNodeID)
        precondition(admin.isUp, "the admin works at a node that is up")
        var steps: [ChangeEvent] = []
        // As the node's index finds them; the decision checks each against its events again.
        for code in admin.log.dossierCodes {
            guard let dossier = admin.log.dossier(code: code), dossier.status.awaitsHandover, dossier.handlingCentre == retiredID else {
                continue
            }
            let decision = try DossierDecisions.handOver(
                history: admin.log.events(forDossier: code), code: code, from: retiredID, to: successorID,
                note: "commune merger: \(retiredID) retired", actor: DossierDecisions.defaultAdminActor,
                context: admin.decisionContext(nowMs: nowMs, calendar: ClerkRequests.calendar))
            steps.append(try commitLocally(decision.event, at: admin))
        }
        trace.mix("retire \(retiredID) for \(successorID) at \(adminNodeID): \(steps.count) handed over")
        retiredNodeIDs.insert(retiredID)
        successors[retiredID] = successorID
        // As casectl does on the admin's machine: the root signs, with the retired node's
        // last event the admin's node holds; its later events are refused everywhere.
        let decision = try MembershipDecision.sign(
            .retired, member: retiredID, clusterID: SimulatedIdentities.clusterID, issuedAtMs: admin.wallClockMs(atSimulatedMs: nowMs),
            lastSequence: UInt64(try admin.log.versionVector()[retiredID]), by: SimulatedIdentities.rootKey)
        try admin.log.storeDecisions([decision])
        dispatch(admin.handle(.decide(decision), nowMs: nowMs), from: admin)
        return steps
    }

    /// The centres a simulated clerk's decision checks a competent centre or a transfer
    /// against: every node, the retired ones with their successors. The simulator's own view
    /// (a real node learns a retirement by gossip, a little later).
    var centres: CentreDirectory {
        CentreDirectory(standings: Dictionary(uniqueKeysWithValues: nodeIDs.map { id in
            (id, retiredNodeIDs.contains(id) ? CentreDirectory.Standing.retired(successor: successors[id]) : .active)
        }))
    }

    /// The centres a clerk at `node` may name: those of `centres` the node has placed
    /// (`StreamScope.mayName`), as a real node's directory (`DossierService.knownCentres`).
    func centres(at node: SimulatedNode) -> CentreDirectory {
        node.log.streams.centreDirectory(centres.standings)
    }
}
