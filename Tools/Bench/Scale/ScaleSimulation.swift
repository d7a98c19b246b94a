import CaseCore
import CaseSimulation
import Foundation
import CaseReplication
import CaseWire

/// Scale by simulation: for each cluster size, in the deterministic simulator
/// (calm network, no faults, the fast profile), how many gossip rounds a
/// filing takes to reach every node, a join and a death to be known by every
/// node, and what idle gossip costs per node per round with few and with many
/// dossiers held.
public struct ScaleSimulation {
    public let sizes: [Int]
    /// Dossiers filed before the second cost measurement (0: only the first).
    public let extraDossiers: Int
    /// The second cost measurement runs only up to this size: each dossier is held by
    /// every node, so memory grows with size × dossiers.
    public let maxNodesForDossierCost: Int
    /// Idle rounds over which the gossip cost is averaged.
    public let idleRounds: Int
    /// Writers for the third cost measurement: this many nodes file one dossier each, so every
    /// version vector has as many origins as a province's (40 to 170); 0 skips it.
    public var vectorOrigins = 0
    /// The peer protocol version every session speaks; nil: the current one. An older one
    /// measures what the cost was before that version's changes (`olderBuildVersion`).
    public var protocolVersion: UInt16?
    /// The versions `protocolVersion` may name: those this build speaks.
    public static var protocolVersions: ClosedRange<UInt16> { PeerProtocol.supportedVersions }
    public let log: @Sendable (String) -> Void

    /// Nodes join through this many seed nodes, as in a real deployment.
    public static let seedNodes = 3
    /// Virtual time a phase may take before it is reported as not finished:
    /// many times the slowest expected (formation of 3,321 nodes).
    public static let phaseTimeoutMs: Int64 = 600_000

    public init(sizes: [Int], extraDossiers: Int, maxNodesForDossierCost: Int, idleRounds: Int, log: @escaping @Sendable (String) -> Void) {
        precondition(sizes.allSatisfy { $0 >= 4 && $0 < Simulation.maxNodes }, "sizes from 4 to \(Simulation.maxNodes - 1)")
        self.sizes = sizes
        self.extraDossiers = extraDossiers
        self.maxNodesForDossierCost = maxNodesForDossierCost
        self.idleRounds = idleRounds
        self.log = log
    }

    public var roundMs: Int64 { ReplicationConfiguration.fast.syncIntervalMs }

    /// All of Vietnam's communes (after 1 July 2025): the size the issue asks for.
    public static let allCommunes = 3_321

    /// Why `allCommunes` nodes were not simulated, extrapolated from the largest size run, or nil when it was.
    /// A node's tick is O(1)/O(log N) (indexed membership table); what still grows as N² per round is the
    /// periodic member-list exchange: only a digest is sent, but each exchange still builds the whole list
    /// (the fallback for older builds) and recomputes the digest when the list changed, O(N) by every node.
    public static func limitation(of clusters: [SimulatedCluster]) -> String? {
        guard let largest = clusters.max(by: { $0.nodes < $1.nodes }), largest.nodes < allCommunes else { return nil }
        let factor = pow(Double(allCommunes) / Double(largest.nodes), 2)
        return "\(Format.number(Double(allCommunes))) nodes were not simulated in this suite: \(Format.number(Double(largest.nodes))) took \(Format.number(largest.wallSeconds)) s of wall time, and at most (the periodic member-list exchange still costs every node O(N) work per exchange, though only a digest is sent) the simulator's work per round grows as N², so \(Format.number(Double(allCommunes))) would take up to about \(Format.number(largest.wallSeconds * factor / 60)) minutes; run 'casebench simulate 3321' for it."
    }

    public func run() throws -> SimulationResult {
        var result = SimulationResult(roundMs: roundMs, clusters: [])
        for size in sizes {
            log("  simulating \(size) nodes")
            let cluster = try measure(nodes: size)
            log(String(format: "    filing %.1f rounds (theory %.1f), join %.1f, death %.1f; %.0f s wall, RSS %d MB",
                       cluster.filingRounds ?? -1, cluster.theoryRounds, cluster.joinRounds ?? -1, cluster.deathRounds ?? -1,
                       cluster.wallSeconds, cluster.rssBytesAfter >> 20))
            for cost in cluster.bytesPerNodePerRound {
                log(String(format: "    idle with %d dossier(s): %.0f B/node/round, %.2f msgs/node/round: %@",
                           cost.dossiers, cost.bytesPerNodePerRound, cost.messagesPerNodePerRound, Self.describeByKind(cost)))
            }
            result.clusters.append(cluster)
        }
        if let limitation = Self.limitation(of: result.clusters) { result.limitations.append(limitation) }
        return result
    }

    /// One cluster size: `nodes` members plus one that joins later.
    public func measure(nodes count: Int) throws -> SimulatedCluster {
        let watch = Stopwatch()
        var options = SimulationOptions()
        options.nodeCount = count + 1
        options.operationCount = 0
        options.injectsFaults = false
        options.seedNodeCount = Self.seedNodes
        if let protocolVersion {
            options.olderBuildNodes = Set((1...count + 1).map { "n\($0)" })
            options.olderBuildVersion = protocolVersion
        }
        let simulation = Simulation(seed: 2025, options: options)
        let members = (1...count).map { "n\($0)" }
        for id in members { simulation.inject(.restart(id)) }
        var cluster = SimulatedCluster(nodes: count, theoryRounds: GossipTheory.expectedRounds(nodes: count))
        try formCluster(simulation, members: members)

        let filing = try simulation.fileDossier(at: "n1")
        cluster.filingVirtualMs = waitUntilEvery(simulation, of: members) { $0.log.containsEvent(filing.id) }
        cluster.filingRounds = cluster.filingVirtualMs.map(rounds)

        let joiner = "n\(count + 1)"
        simulation.inject(.restart(joiner))
        cluster.joinVirtualMs = waitUntilEvery(simulation, of: members) { $0.replication?.member(joiner)?.record.state == .alive }
        cluster.joinRounds = cluster.joinVirtualMs.map(rounds)

        let victim = "n\(count)"
        let survivors = members.dropLast() + [joiner]
        simulation.inject(.crash(victim))
        cluster.suspicionTimeoutMs = options.replication.suspicionTimeoutMs(memberCount: count)
        cluster.deathVirtualMs = waitUntilEvery(simulation, of: Array(survivors)) { $0.replication?.member(victim)?.record.state == .dead }
        cluster.deathRounds = cluster.deathVirtualMs.map(rounds)

        simulation.run(forMs: Int64(Self.settleRounds) * roundMs)
        cluster.bytesPerNodePerRound.append(idleCost(simulation, upNodes: survivors.count))
        if extraDossiers > 0 && count <= maxNodesForDossierCost {
            try fileMany(simulation, among: Array(survivors))
            cluster.bytesPerNodePerRound.append(idleCost(simulation, upNodes: survivors.count))
        }
        // Capped as the dossier cost is: every node holds every dossier, and keeps per peer the
        // vectors it exchanged with it, so memory grows with size × origins.
        if vectorOrigins > 0 && count <= maxNodesForDossierCost {
            try fileOneEach(simulation, at: Array(survivors.prefix(vectorOrigins)))
            let cost = idleCost(simulation, upNodes: survivors.count)
            log(String(format: "    idle with vectors of %d origins: %.0f B/node/round, %.2f msgs/node/round: %@",
                       min(vectorOrigins, survivors.count) + 1, cost.bytesPerNodePerRound, cost.messagesPerNodePerRound, Self.describeByKind(cost)))
        }
        cluster.wallSeconds = watch.elapsedSeconds
        log(String(format: "    trace hash %016llx", simulation.traceHash))
        cluster.rssBytesAfter = (try? ProcessSampler(pid: getpid()).read().rssBytes) ?? 0
        return cluster
    }

    private func rounds(_ virtualMs: Int64) -> Double { Double(virtualMs) / Double(roundMs) }

    /// Runs until every member knows every other member (checked once a virtual second).
    func formCluster(_ simulation: Simulation, members: [String]) throws {
        let startMs = simulation.nowMs
        while true {
            simulation.run(forMs: 1_000)
            let formed = members.allSatisfy { (simulation.node($0).replication?.knownMemberCount ?? 0) >= members.count }
            if formed { break }
            guard simulation.nowMs - startMs < Self.phaseTimeoutMs else {
                throw BenchError("\(members.count) simulated nodes did not all learn of each other within \(Self.phaseTimeoutMs / 1_000) virtual s")
            }
        }
        // Let the joins' own gossip die down, so the measurements start from a quiet cluster.
        simulation.run(forMs: 3_000)
    }

    /// Virtual ms (checked every tick) until `holds` is true at every node of `ids`; nil on timeout.
    func waitUntilEvery(_ simulation: Simulation, of ids: [String], _ holds: (SimulatedNode) -> Bool) -> Int64? {
        let startMs = simulation.nowMs
        var pending = ids.map { simulation.node($0) }
        while simulation.nowMs - startMs <= Self.phaseTimeoutMs {
            pending.removeAll(where: holds)
            if pending.isEmpty { return simulation.nowMs - startMs }
            simulation.run(forMs: simulation.options.tickIntervalMs)
        }
        return nil
    }

    /// Bytes and messages per node per round over `idleRounds` quiet rounds.
    func idleCost(_ simulation: Simulation, upNodes: Int) -> DossierCountCost {
        let dossiers = simulation.node("n1").log.dossierCodes.count
        simulation.network.countsBytes = true
        defer { simulation.network.countsBytes = false }
        let before = simulation.network.statistics
        simulation.run(forMs: Int64(idleRounds) * roundMs)
        let after = simulation.network.statistics
        let nodeRounds = Double(upNodes * idleRounds)
        return DossierCountCost(
            dossiers: dossiers, bytesPerNodePerRound: Double(after.sentBytes - before.sentBytes) / nodeRounds,
            messagesPerNodePerRound: Double(after.sent - before.sent) / nodeRounds,
            bytesPerNodePerRoundByKind: Self.perNodeRound(after.sentBytesByKind, minus: before.sentBytesByKind, nodeRounds: nodeRounds),
            messagesPerNodePerRoundByKind: Self.perNodeRound(after.sentByKind, minus: before.sentByKind, nodeRounds: nodeRounds))
    }

    /// A by-kind count over a window, per node per round, keyed by the kind's name.
    static func perNodeRound(_ after: [PeerMessage.Kind: Int], minus before: [PeerMessage.Kind: Int], nodeRounds: Double) -> [String: Double] {
        var result: [String: Double] = [:]
        for (kind, total) in after where total > before[kind, default: 0] {
            result["\(kind)"] = Double(total - before[kind, default: 0]) / nodeRounds
        }
        return result
    }

    /// "membership 2,667 B (0.07 msgs), ping 40 B (1.0 msgs), …", largest first.
    static func describeByKind(_ cost: DossierCountCost) -> String {
        let bytes = cost.bytesPerNodePerRoundByKind ?? [:]
        let messages = cost.messagesPerNodePerRoundByKind ?? [:]
        return bytes.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
            .map { String(format: "%@ %.0f B (%.2f msgs)", $0.key, $0.value, messages[$0.key] ?? 0) }
            .joined(separator: ", ")
    }

    /// Files `extraDossiers` dossiers at n1 (the origin of the first filing, so version
    /// vectors keep the same origins and only the number of dossiers changes) and waits
    /// until every node holds them all, and then for the replication traffic to settle.
    private func fileMany(_ simulation: Simulation, among ids: [String]) throws {
        for index in 0..<extraDossiers {
            try simulation.fileDossier(at: "n1")
            if index % 20 == 19 { simulation.run(forMs: simulation.options.tickIntervalMs) }
        }
        let expected = simulation.ledger.count
        guard waitUntilEvery(simulation, of: ids, { $0.log.eventCount >= expected }) != nil else {
            throw BenchError("\(extraDossiers) dossiers did not reach all \(ids.count) simulated nodes within \(Self.phaseTimeoutMs / 1_000) virtual s")
        }
        simulation.run(forMs: Int64(Self.settleRounds) * roundMs)
    }

    /// Files one dossier at each of `ids`, so vectors hold that many origins (n1 is one already),
    /// and waits until every node holds them all and the traffic settled.
    private func fileOneEach(_ simulation: Simulation, at ids: [String]) throws {
        for (index, id) in ids.enumerated() {
            try simulation.fileDossier(at: id)
            if index % 20 == 19 { simulation.run(forMs: simulation.options.tickIntervalMs) }
        }
        let expected = simulation.ledger.count
        let holders = Array(simulation.nodes.filter(\.isUp).map(\.id))
        guard waitUntilEvery(simulation, of: holders, { $0.log.eventCount >= expected }) != nil else {
            throw BenchError("dossiers filed at \(ids.count) nodes did not reach every node within \(Self.phaseTimeoutMs / 1_000) virtual s")
        }
        simulation.run(forMs: Int64(Self.settleRounds) * roundMs)
    }

    /// Rounds left for pushes and pulls still in flight to finish before idle cost is measured.
    static let settleRounds = 10
}

extension InMemoryReplicaLog {
    /// Whether the log holds the event.
    func containsEvent(_ id: EventID) -> Bool { (try? event(id)) != nil }
}
