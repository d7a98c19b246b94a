import CaseCore

/// Convergence and the properties a healed cluster must have.
extension Simulation {
    /// The nodes held to every property: all but the retired ones.
    public var activeNodes: [SimulatedNode] { nodes.filter { !retiredNodeIDs.contains($0.id) } }

    /// Whether every active node is up, holds every acknowledged event it must hold (by
    /// version vector), has the same digest as the others of its province and the same token registry, sees
    /// every other active node alive and every retired node retired.
    public var isConverged: Bool {
        let nodes = activeNodes
        guard nodes.allSatisfy(\.isUp) else { return false }
        for group in ReplicaChecks.provinceGroups(nodes) {
            let expected = ReplicaChecks.expectedVersionVector(ledger, for: group[0])
            var digests: [StateDigest] = []
            for node in group {
                guard let vector = try? node.log.versionVector(), vector == expected,
                      let digest = try? node.log.digest() else { return false }
                digests.append(digest)
            }
            guard digests.allSatisfy({ $0 == digests[0] }) else { return false }
        }
        // Imported history is in no stream, so equal vectors do not show it: every node must hold it.
        if hasProvinces, !nodes.allSatisfy({ ReplicaChecks.holdsEveryRequiredEvent($0, ledger) }) { return false }
        guard ReplicaChecks.tokenDivergence(nodes: nodes).isEmpty, unplacedCentres.isEmpty else { return false }
        return ReplicaChecks.membership(nodes: nodes, retired: retiredNodeIDs.sorted()).isEmpty
    }

    /// Runs until converged (checking every `options.convergenceCheckIntervalMs`);
    /// returns how long it took, or throws after `options.convergenceTimeoutMs`
    /// with everything that still differs.
    @discardableResult
    public func awaitConvergence() throws -> Int64 {
        let fromMs = nowMs
        while !isConverged {
            guard nowMs - fromMs < options.convergenceTimeoutMs else {
                let notConverged = "did not converge within \(options.convergenceTimeoutMs) ms (virtual time \(fromMs)…\(nowMs) ms)"
                throw SimulationFailure(seed: seed, problems: [notConverged] + problems(recomputing: false), plan: plan)
            }
            run(forMs: options.convergenceCheckIntervalMs)
        }
        return nowMs - fromMs
    }

    /// Checks every property: (a) no acknowledged event lost, (b) identical
    /// replicas whose digests match a recomputation, (c) everyone alive in
    /// everyone's view, (d) no step silently dropped, (e) the same token
    /// registry everywhere, (f) with provinces, every dossier held by exactly the nodes
    /// of its provinces. Throws what is wrong.
    public func verify() throws {
        let found = problems(recomputing: true)
        guard found.isEmpty else { throw SimulationFailure(seed: seed, problems: found, plan: plan) }
    }

    /// With provinces and no signatures, honest nodes never refuse a run of events: a refusal
    /// there is a sender's bug (a wrong predecessor link, a tag missing), not an attack.
    private var refusedSparseRuns: [String] {
        guard hasProvinces, !options.identities else { return [] }
        let refusing = nodes.filter { $0.log.refusedRuns > 0 }
        return refusing.map { "\($0.id) refused \($0.log.refusedRuns) runs of events, the last: \($0.log.lastRefusal.map { "\($0.event): \($0.reason)" } ?? "?")" }
    }

    /// Nodes that learn placement must have learnt every centre's once healed.
    private var unplacedCentres: [String] {
        guard options.learnsPlacement else { return [] }
        return ReplicaChecks.unplacedCentres(nodes: activeNodes, ids: nodeIDs)
    }

    private func problems(recomputing: Bool) -> [String] {
        let nodes = activeNodes
        return authoringProblems
            + ReplicaChecks.lostEvents(ledger, nodes: nodes)
            + ReplicaChecks.divergence(ledger, nodes: nodes, recomputing: recomputing)
            + ReplicaChecks.membership(nodes: nodes, retired: retiredNodeIDs.sorted())
            + ReplicaChecks.silentlyDroppedSteps(ledger, nodes: nodes)
            + ReplicaChecks.misheldDossiers(ledger, nodes: nodes)
            + ReplicaChecks.tokenDivergence(nodes: nodes)
            + (unroutableMessages > 0 ? ["\(unroutableMessages) messages were sent to addresses of no node"] : [])
            + refusedSparseRuns
            + unplacedCentres
            + (leakedEvents > 0 ? ["\(leakedEvents) events were sent to nodes outside their dossier's provinces (first: \(firstLeak ?? "?"))"] : [])
    }
}
