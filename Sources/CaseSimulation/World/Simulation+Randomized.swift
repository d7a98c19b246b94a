import CaseReplication

/// The seeded run: fault plan, workload, heal, quiet period, checks.
extension Simulation {
    /// The whole seeded run: a fault plan and a workload drawn from the seed,
    /// the workload phase under faults, the heal, the quiet period until
    /// convergence, and every check. Throws `SimulationFailure` on any problem.
    public func runRandomized() throws -> SimulationReport {
        precondition(nowMs == 0 && ledger.count == 0, "a randomized run starts from a fresh simulation")
        let plan = options.injectsFaults
            ? FaultPlan.random(using: &planRandom, nodeIDs: nodeIDs, durationMs: options.workloadDurationMs, provinces: provinceMembers)
            : FaultPlan.none
        self.plan = plan
        network.conditions = plan.conditions
        scheduledFaults = (plan.faults + plannedMerger()).sorted { $0.atMs < $1.atMs }
        scheduledOperationsAtMs = (0..<options.operationCount)
            .map { _ in Int64.random(in: 0..<options.workloadDurationMs, using: &clerkRandom) }
            .sorted()
        start()
        run(untilMs: options.workloadDurationMs)
        scheduledOperationsAtMs.removeAll()
        heal()
        let convergedAfterMs = try awaitConvergence()
        try verify()
        return report(convergedAfterMs: convergedAfterMs)
    }

    /// With `options.mergesProvinces`, the merger of the last province into the first, at a
    /// time drawn from the middle half of the workload.
    private func plannedMerger() -> [TimedFault] {
        let provinces = provinceMembers.compactMap { $0.first.flatMap { node($0).certifiedProvince } }
        guard options.mergesProvinces, let into = provinces.first, let from = provinces.last, from != into else { return [] }
        let duration = options.workloadDurationMs
        let atMs = Int64.random(in: duration / 4..<(duration * 3 / 4), using: &planRandom)
        return [TimedFault(atMs: atMs, .mergeProvince(from: from, into: into))]
    }

    /// A summary of the run so far (call once converged).
    public func report(convergedAfterMs: Int64) -> SimulationReport {
        let first = nodes[0].log
        let dossiers = first.dossierCodes.compactMap { first.dossier(code: $0) }
        var report = SimulationReport(
            seed: seed, traceHash: trace.value, finalDigest: (try? first.digest()) ?? .zero,
            finalVersionVector: (try? first.versionVector()) ?? VersionVector(), convergedAfterMs: convergedAfterMs,
            acknowledgedEvents: ledger.count, dossiers: dossiers.count,
            conflicts: dossiers.reduce(0) { $0 + $1.conflicts.count }, refusals: refusals,
            tokens: nodes[0].tokens.tokens.count, revokedTokens: nodes[0].tokens.tokens.sorted.filter(\.isRevoked).count,
            crashes: nodes.reduce(0) { $0 + $1.crashCount }, network: network.statistics)
        report.crossProvinceDossiers = ledger.order.filter { ledger.events[$0]!.kind == .filed && ledger.events[$0]!.tags.count > 1 }.count
        return report
    }
}
