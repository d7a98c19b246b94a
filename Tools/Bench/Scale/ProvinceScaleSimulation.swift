import CaseCore
import CaseReplication
import CaseSimulation
import CaseSupport
import Foundation

/// The nation by simulation (issue 16): nodes in provinces of the 2025 shape
/// (`NationalProvinces`), calm network, the fast profile. Measures how many rounds a
/// filing for a centre of another province takes to reach its competent centre and both
/// provinces, what each node holds against full replication after a workload of which 5%
/// crosses provinces, and idle cost per node per round; and holds the run to the
/// simulator's checks (every dossier held by exactly the nodes of its provinces, nothing
/// acknowledged lost, every province converged). While that workload is filed, two
/// provinces are cut off from each other and one province is split in halves
/// (`partitionMs`); the checks run after the heal.
public struct ProvinceScaleSimulation {
    public let sizes: [Int]
    /// Filings for a centre of another province, timed one at a time.
    public let crossFilings: Int
    /// The workload filed before storage is measured.
    public let filings: Int
    public let idleRounds: Int
    public let log: @Sendable (String) -> Void

    /// The issue's share of filings for a centre of another province.
    public static let crossingShare = 0.05
    /// How long the partitions last, from before the workload's first filing to the heal: longer
    /// than the workload takes to file, and than SWIM's suspicion at 3,321 nodes (1.4 s).
    public static let partitionMs: Int64 = 3_000
    /// Filings across each cut while it holds, each way: from one of the two provinces for a
    /// centre of the other, and in each half of the split province for a centre of the other half.
    public static let filingsAcrossEachCut = 10

    public init(sizes: [Int], crossFilings: Int, filings: Int, idleRounds: Int, log: @escaping @Sendable (String) -> Void) {
        precondition(sizes.count >= 3 && sizes.allSatisfy { $0 >= 2 }, "at least three provinces (two cut apart, a third split) of two nodes")
        self.sizes = sizes
        self.crossFilings = crossFilings
        self.filings = filings
        self.idleRounds = idleRounds
        self.log = log
    }

    /// The 34 provinces of the 2025 shape (`NationalProvinces`), scaled by `fraction`.
    public static func nation(scaledBy fraction: Double) -> [Int] {
        NationalProvinces.communeCounts(scaledBy: fraction)
    }

    /// The rounds target of the issue for a filing to reach a province of `size` nodes.
    public static func targetRounds(provinceSize size: Int) -> Double {
        2 * log2(Double(size)) + 4
    }

    /// Runs it, printing as it goes; throws when a phase does not finish or a check fails.
    public func run() throws -> ProvinceScaleResult {
        let watch = Stopwatch()
        var options = SimulationOptions.provinces(sizes)
        options.operationCount = 0
        options.injectsFaults = false
        options.seedNodeCount = ScaleSimulation.seedNodes
        let simulation = Simulation(seed: 2025, options: options)
        let scale = ScaleSimulation(sizes: [], extraDossiers: 0, maxNodesForDossierCost: 0, idleRounds: idleRounds, log: log)
        for id in simulation.nodeIDs { simulation.inject(.restart(id)) }
        try scale.formCluster(simulation, members: simulation.nodeIDs)
        log("  \(simulation.nodes.count) nodes in \(sizes.count) provinces (\(sizes.min()!) to \(sizes.max()!) nodes) formed after \(Format.number(watch.elapsedSeconds)) s")
        var result = ProvinceScaleResult(
            nodes: simulation.nodes.count, provinces: sizes.count, smallestProvince: sizes.min()!, largestProvince: sizes.max()!,
            roundMs: scale.roundMs)
        var random = SplitMix64(seed: 34)
        try timeCrossings(simulation, scale: scale, random: &random, into: &result)
        let cut = partition(simulation, random: &random, into: &result)
        let partitionedAtMs = simulation.nowMs
        let acrossTheCut = try fileAcross(cut, simulation, random: &random)
        try fileWorkload(simulation, random: &random)
        simulation.run(untilMs: max(simulation.nowMs, partitionedAtMs + Self.partitionMs))
        try checkHeld(acrossTheCut)
        simulation.inject(.healPartitions)
        log("  partitions healed after \(Format.number(Double(simulation.nowMs - partitionedAtMs) / 1_000)) virtual s")
        result.partitionFilings = acrossTheCut.count
        result.convergedAfterHealSeconds = try awaitConvergence(simulation)
        try simulation.verify()
        result.checksPassed = true
        log("  checks passed after the heal: every dossier held by exactly the nodes of its provinces and by no other, nothing acknowledged lost, "
            + "no event sent to a node outside its dossier's provinces, every province converged")
        measureStorage(simulation, into: &result)
        let idle = scale.idleCost(simulation, upNodes: simulation.nodes.count)
        result.idle = idle
        log(String(format: "  idle: %.0f B/node/round, %.2f msgs/node/round: %@", idle.bytesPerNodePerRound, idle.messagesPerNodePerRound,
                   ScaleSimulation.describeByKind(idle)))
        result.wallSeconds = watch.elapsedSeconds
        result.peakRSSBytes = try? ProcessSampler(pid: getpid()).read().peakRSSBytes
        log("  \(Format.number(watch.elapsedSeconds)) s of wall time, peak RSS \(result.peakRSSBytes.map(Format.megabytes) ?? "?")")
        return result
    }

    /// Files `crossFilings` dossiers, one at a time, each at a random node of one province
    /// for a random centre of another, and prints the rounds until the competent centre
    /// holds it and until every node of both provinces does, against the issue's target.
    private func timeCrossings(
        _ simulation: Simulation, scale: ScaleSimulation, random: inout SplitMix64, into result: inout ProvinceScaleResult
    ) throws {
        let byProvince = Dictionary(grouping: simulation.nodes) { $0.province!.rawValue }
        let provinces = byProvince.keys.sorted()
        var competentRounds: [Double] = []
        var allRounds: [Double] = []
        var worstShare = 0.0
        for index in 0..<crossFilings {
            let from = provinces[index % provinces.count]
            let to = provinces.filter { $0 != from }.randomElement(using: &random)!
            let origin = byProvince[from]!.randomElement(using: &random)!
            let competent = byProvince[to]!.randomElement(using: &random)!
            let filing = try simulation.fileDossier(at: origin.id, competentCentre: competent.id)
            let roundMs = Double(scale.roundMs)
            guard let reachedMs = scale.waitUntilEvery(simulation, of: [competent.id], { $0.log.containsEvent(filing.id) }),
                  let everyMs = scale.waitUntilEvery(simulation, of: (byProvince[from]! + byProvince[to]!).map(\.id), { $0.log.containsEvent(filing.id) })
            else { throw BenchError("the filing \(filing.id) for \(competent.id) in province \(to) did not reach both provinces") }
            let rounds = Double(reachedMs) / roundMs
            competentRounds.append(rounds)
            allRounds.append(Double(reachedMs + everyMs) / roundMs)
            worstShare = max(worstShare, rounds / Self.targetRounds(provinceSize: byProvince[to]!.count))
        }
        result.crossFilings = allRounds.count
        result.competentRoundsMedian = median(competentRounds)
        result.competentRoundsMax = competentRounds.max() ?? 0
        result.bothProvincesRoundsMedian = median(allRounds)
        result.bothProvincesRoundsMax = allRounds.max() ?? 0
        result.worstShareOfTarget = worstShare
        log(String(format: "  cross-province filing to its competent centre: median %.1f, max %.1f rounds; worst %.2f× of the target 2·log₂(province size) + 4",
                   median(competentRounds), competentRounds.max() ?? 0, worstShare))
        log(String(format: "  to every node of both provinces: median %.1f, max %.1f rounds (%d filings)",
                   median(allRounds), allRounds.max() ?? 0, allRounds.count))
    }

    /// `filings` dossiers at random nodes, `crossingShare` of them for a centre of another province.
    private func fileWorkload(_ simulation: Simulation, random: inout SplitMix64) throws {
        for index in 0..<filings {
            let origin = simulation.nodes.randomElement(using: &random)!
            let crosses = Double.random(in: 0..<1, using: &random) < Self.crossingShare
            let candidates = simulation.nodes.filter { ($0.province == origin.province) != crosses }
            try simulation.fileDossier(at: origin.id, competentCentre: candidates.randomElement(using: &random)!.id)
            if index % 20 == 19 { simulation.run(forMs: simulation.options.tickIntervalMs) }
        }
    }

    /// The two cuts: between two provinces (both directions), and between the halves of a third.
    struct Cut {
        var apart: ([SimulatedNode], [SimulatedNode])
        var split: ([SimulatedNode], [SimulatedNode])
    }

    /// Cuts two provinces drawn at random off from each other, and a third in halves (each half
    /// still reaches every other province), from now until the heal.
    private func partition(_ simulation: Simulation, random: inout SplitMix64, into result: inout ProvinceScaleResult) -> Cut {
        let byProvince = Dictionary(grouping: simulation.nodes) { $0.province!.rawValue }
        let drawn = Array(byProvince.keys.sorted().shuffled(using: &random).prefix(3))
        let split = byProvince[drawn[2]]!.shuffled(using: &random)
        let half = split.count / 2
        let cut = Cut(apart: (byProvince[drawn[0]]!, byProvince[drawn[1]]!),
                      split: (Array(split.prefix(half)), Array(split.dropFirst(half))))
        for (side, rest) in [cut.apart, cut.split] {
            simulation.inject(.partition(side: side.map(\.id).sorted(), rest: rest.map(\.id).sorted()))
        }
        result.partition = "provinces \(drawn[0]) (\(cut.apart.0.count) nodes) and \(drawn[1]) (\(cut.apart.1.count)) cut off from each other, "
            + "province \(drawn[2]) split \(cut.split.0.count) | \(cut.split.1.count), for \(Self.partitionMs / 1_000) virtual s"
        log("  partitioned: \(result.partition!)")
        return cut
    }

    /// `filingsAcrossEachCut` filings each way across each cut: at a node of one side for a centre of the other.
    private func fileAcross(_ cut: Cut, _ simulation: Simulation, random: inout SplitMix64) throws -> [(filing: ChangeEvent, farSide: [SimulatedNode])] {
        var filed: [(filing: ChangeEvent, farSide: [SimulatedNode])] = []
        for (side, rest) in [cut.apart, (cut.apart.1, cut.apart.0), cut.split, (cut.split.1, cut.split.0)] {
            for _ in 0..<Self.filingsAcrossEachCut {
                let origin = side.randomElement(using: &random)!
                let competent = rest.randomElement(using: &random)!
                filed.append((filing: try simulation.fileDossier(at: origin.id, competentCentre: competent.id), farSide: rest))
            }
        }
        return filed
    }

    /// Throws if a filing across a cut reached its far side before the heal: the partition did not hold.
    private func checkHeld(_ filed: [(filing: ChangeEvent, farSide: [SimulatedNode])]) throws {
        let crossed = filed.filter { across in across.farSide.contains { $0.log.containsEvent(across.filing.id) } }
        guard crossed.isEmpty else {
            throw BenchError("\(crossed.count) of \(filed.count) filings across the partitions reached the far side before the heal")
        }
        log("  none of the \(filed.count) filings across the cuts reached the far side before the heal")
    }

    /// Virtual seconds until converged.
    @discardableResult
    private func awaitConvergence(_ simulation: Simulation) throws -> Double {
        let startMs = simulation.nowMs
        while !simulation.isConverged {
            guard simulation.nowMs - startMs < ScaleSimulation.phaseTimeoutMs else {
                throw BenchError("the provinces did not converge within \(ScaleSimulation.phaseTimeoutMs / 1_000) virtual s")
            }
            simulation.run(forMs: 1_000)
        }
        let seconds = Double(simulation.nowMs - startMs) / 1_000
        log("  \(simulation.ledger.count) events converged \(Format.number(seconds)) virtual s after the heal")
        return seconds
    }

    /// Events and dossiers held per node against full replication (every node holding all).
    private func measureStorage(_ simulation: Simulation, into result: inout ProvinceScaleResult) {
        let total = Double(simulation.ledger.count)
        let shares = simulation.nodes.map { Double($0.log.eventCount) / total }
        let dossiers = simulation.nodes.map { Double($0.log.dossierCodes.count) }
        result.events = simulation.ledger.count
        result.dossiers = simulation.ledger.filedCodes.count
        result.meanStorageShare = shares.reduce(0, +) / Double(shares.count)
        result.maxStorageShare = shares.max() ?? 0
        result.meanDossiersHeld = dossiers.reduce(0, +) / Double(dossiers.count)
        log(String(format: "  storage per node: mean %.2f%%, max %.2f%% of full replication (%.0f of %d dossiers held on average)",
                   100 * shares.reduce(0, +) / Double(shares.count), 100 * (shares.max() ?? 0),
                   dossiers.reduce(0, +) / Double(dossiers.count), simulation.ledger.filedCodes.count))
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
