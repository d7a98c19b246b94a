import CaseCore
import CaseSupport
import CaseReplication
import CaseWire

/// A whole casestore cluster in one thread over virtual time, in the style of
/// TigerBeetle's VOPR and FoundationDB's simulator: nodes `n1`…`nK` with
/// their replication cores and in-memory logs, a simulated network, clerks
/// filing dossiers and taking steps, and faults, all driven from one seed.
///
/// Determinism: time is the virtual `nowMs` (no wall clock); every random
/// choice comes from `SplitMix64` streams split off the seed; messages are
/// delivered in (time, sequence) order; nodes are visited in id order; and
/// nothing iterates a `Dictionary` or `Set` where the order could reach a decision.
///
/// Use `runRandomized()` for a seeded run with a random workload and fault
/// plan, or drive it by hand (`start`, `run(forMs:)`, `inject`, `fileDossier`,
/// `takeStep`, `heal`, `awaitConvergence`, `verify`) for a scripted scenario.
public final class Simulation {
    /// Everything random in the run derives from it.
    public let seed: UInt64
    public let options: SimulationOptions
    /// The wire between the nodes.
    public let network: SimulatedNetwork
    /// Sorted by id: `n1`, `n2`, …
    public let nodes: [SimulatedNode]
    /// Virtual time in milliseconds since the start of the run.
    public private(set) var nowMs: Int64 = 0
    /// Every event clients were told is stored.
    public internal(set) var ledger = AcknowledgementLedger()
    /// The fault plan of a randomized run.
    public internal(set) var plan: FaultPlan?
    /// Messages whose destination address belongs to no node (a bug in the core if ever non-zero).
    public private(set) var unroutableMessages = 0
    /// With provinces, events the network carried to a node outside their dossier's provinces.
    public private(set) var leakedEvents = 0
    var firstLeak: String?
    /// Messages dropped because the session with their receiver (or sender) is of an older
    /// version that cannot carry them, and with no fallback it can.
    public private(set) var messagesTooNewForSession = 0
    /// Nodes an admin retired (`retire(_:successor:at:)`): never booted again,
    /// and held to no property but being seen as retired by the others.
    public internal(set) var retiredNodeIDs: Set<String> = []
    /// The successor each retired node was retired for.
    var successors: [String: String] = [:]

    var trace = TraceHasher()
    /// Node seeds and clock skews.
    private var random: SplitMix64
    /// The clerks' choices.
    var clerkRandom: SplitMix64
    /// The fault plan.
    var planRandom: SplitMix64
    private let nodeIndexByAddress: [String: Int]
    private let nodeIndexByID: [String: Int]
    private var nextTickAtMs: Int64 = 0
    var scheduledFaults: [TimedFault] = []
    var nextFaultIndex = 0
    var scheduledOperationsAtMs: [Int64] = []
    var nextOperationIndex = 0
    var authoringProblems: [String] = []
    /// Clerks' and admins' steps refused so far (nothing stored), by refusal code.
    var refusals: [String: Int] = [:]
    /// Token signatures checked in this run, shared by its nodes (one thread runs them
    /// all), so each signature costs one verification, not one per node.
    let signatures = SimulatedIdentities.checker()

    /// At most 4,096 nodes: room for all 3,321 communes of Vietnam (the scale
    /// benchmark simulates them), while a typo cannot ask for millions.
    public static let maxNodes = 4_096

    /// A cluster of `options.nodeCount` nodes, all down, at virtual time 0.
    public init(seed: UInt64, options: SimulationOptions = SimulationOptions()) {
        precondition((2...Self.maxNodes).contains(options.nodeCount), "a simulated cluster has 2 to \(Self.maxNodes) nodes")
        precondition(options.seedNodeCount.map { (1...options.nodeCount).contains($0) } ?? true, "seed nodes are some of the nodes")
        precondition(options.tickIntervalMs >= 1 && options.convergenceCheckIntervalMs >= 1, "time moves forward")
        precondition(!options.learnsPlacement || (options.identities && !options.provinceSizes.isEmpty),
                     "nodes learn placement from certificates: provinces and identities")
        self.seed = seed
        self.options = options
        // Independent streams, so that (say) one more message on the network
        // does not change which dossier a clerk picks next.
        var master = SplitMix64(seed: seed)
        network = SimulatedNetwork(seed: master.next())
        random = SplitMix64(seed: master.next())
        clerkRandom = SplitMix64(seed: master.next())
        planRandom = SplitMix64(seed: master.next())
        let placement = Self.placement(options)
        var nodes: [SimulatedNode] = []
        for index in 1...options.nodeCount {
            let skewMs = Int64.random(in: -options.maxClockSkewMs...options.maxClockSkewMs, using: &random)
            let streams = placement.province(ofCentre: "n\(index)").map { province in
                StreamScope(province: province, directory: options.learnsPlacement ? Self.placingOnly("n\(index)", in: province) : placement)
            } ?? .single
            let node = SimulatedNode(index: index, clockSkewMs: skewMs, signsEvents: options.identities, streams: streams)
            node.log.faults = options.logFaults
            nodes.append(node)
        }
        self.nodes = nodes
        for node in nodes { node.log.signatures = signatures }
        nodeIndexByAddress = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.address, $0) })
        nodeIndexByID = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
    }

    /// Which province each node is in (`options.provinceSizes`), the provinces taking
    /// the real codes in order (01, 04, 08, …); empty without provinces.
    static func placement(_ options: SimulationOptions) -> ProvinceDirectory {
        var directory = ProvinceDirectory()
        guard !options.provinceSizes.isEmpty else { return directory }
        let codes = ProvinceCode.all.filter { $0 != .unnamed }
        precondition(options.provinceSizes.count <= codes.count && options.provinceSizes.allSatisfy { $0 >= 1 },
                     "at most \(codes.count) provinces, each of at least one node")
        precondition(options.provinceSizes.reduce(0, +) == options.nodeCount, "the provinces' sizes add up to the node count")
        var index = 1
        for (code, size) in zip(codes, options.provinceSizes) {
            for _ in 0..<size {
                directory.place("n\(index)", in: code)
                index += 1
            }
        }
        return directory
    }

    /// A directory that places only node `id`, by its certificate: where a node that learns
    /// placement starts (`SimulationOptions.learnsPlacement`).
    static func placingOnly(_ id: String, in province: ProvinceCode) -> ProvinceDirectory {
        var directory = ProvinceDirectory()
        directory.add(SimulatedIdentities.certificate(for: id, province: province))
        return directory
    }

    /// Whether provinces divide the cluster.
    public var hasProvinces: Bool { !options.provinceSizes.isEmpty }

    /// The node ids of each province, provinces in code order; empty without provinces.
    public var provinceMembers: [[String]] {
        let byProvince = Dictionary(grouping: nodes.filter { $0.province != nil }) { $0.province!.rawValue }
        return byProvince.keys.sorted().map { byProvince[$0]!.map(\.id) }
    }

    /// The node with this id ("n1"…).
    public func node(_ id: String) -> SimulatedNode {
        guard let index = nodeIndexByID[id] else { preconditionFailure("no simulated node \(id)") }
        return nodes[index]
    }

    /// "n1", "n2", …
    public var nodeIDs: [String] { nodes.map(\.id) }

    /// The peer addresses each node is started with as its join addresses: every
    /// node's, or the first `options.seedNodeCount` nodes' when that is set.
    public var joinAddresses: [String] {
        guard let seeds = options.seedNodeCount else { return nodes.map(\.address) }
        return nodes.prefix(seeds).map(\.address)
    }

    /// A hash of everything that happened so far (see `TraceHasher`).
    public var traceHash: UInt64 { trace.value }

    // MARK: - Driving time

    /// Starts every node that is down, at the current time (a retired node stays down).
    public func start() {
        for node in nodes where !node.isUp && !retiredNodeIDs.contains(node.id) { boot(node) }
    }

    /// Lets `durationMs` of virtual time pass (see `run(untilMs:)`).
    public func run(forMs durationMs: Int64) {
        precondition(durationMs >= 0, "time only moves forward")
        run(untilMs: nowMs + durationMs)
    }

    /// Delivers messages and runs ticks, scheduled faults and operations up
    /// to `endMs`. Messages due at a tick's time are delivered before it.
    public func run(untilMs endMs: Int64) {
        precondition(endMs >= nowMs, "time only moves forward")
        while true {
            let horizonMs = min(nextTickAtMs, endMs)
            while let message = network.nextDelivery(notAfterMs: horizonMs) { deliver(message) }
            guard nextTickAtMs <= endMs else { break }
            nowMs = nextTickAtMs
            nextTickAtMs += options.tickIntervalMs
            runScheduledFaults()
            runScheduledOperations()
            for node in nodes where node.isUp { dispatch(node.handle(.tick, nowMs: nowMs), from: node) }
        }
        nowMs = endMs
    }

    // MARK: - Faults

    /// Injects a fault now.
    public func inject(_ fault: Fault) {
        trace.mix("fault \(fault)")
        switch fault {
        case .partition(let side, let rest):
            network.partition(side, from: rest)
        case .cutOneWay(let from, let to):
            for a in from { for b in to where a != b { network.cut(from: a, to: b) } }
        case .healPartitions:
            network.healPartitions()
        case .crash(let id):
            let target = node(id)
            guard target.isUp else { return }
            target.crash()
            network.nodeDown(id)
        case .restart(let id):
            let target = node(id)
            // A real node that knows it is retired refuses to start.
            guard !target.isUp, !retiredNodeIDs.contains(id) else { return }
            boot(target)
        case .mergeProvince(let from, let into):
            // At a node of the joined province that is up, else at any node that is up.
            let admin = nodes.first { $0.isUp && $0.certifiedProvince == into } ?? nodes.first(where: \.isUp)
            guard let admin else { return }
            do {
                try mergeProvince(from, into: into, at: admin.id)
            } catch {
                preconditionFailure("the simulated root's merger of \(from) into \(into) is valid: \(error)")
            }
        }
    }

    /// Ends all faults: every link restored, the network calm, every node up,
    /// nothing more planned.
    public func heal() {
        trace.mix("heal")
        scheduledFaults.removeAll()
        nextFaultIndex = 0
        network.healPartitions()
        network.conditions = .calm
        start()
    }

    // MARK: - Private

    private func runScheduledFaults() {
        while nextFaultIndex < scheduledFaults.count, scheduledFaults[nextFaultIndex].atMs <= nowMs {
            inject(scheduledFaults[nextFaultIndex].fault)
            nextFaultIndex += 1
        }
    }

    private func runScheduledOperations() {
        while nextOperationIndex < scheduledOperationsAtMs.count, scheduledOperationsAtMs[nextOperationIndex] <= nowMs {
            performRandomOperation()
            nextOperationIndex += 1
        }
    }

    private func boot(_ node: SimulatedNode) {
        network.nodeUp(node.id)
        trace.mix("boot \(node.id) at \(nowMs)")
        let outbox = node.start(
            configuration: options.replication, seed: random.next(), joinAddresses: joinAddresses, signatures: signatures, nowMs: nowMs)
        dispatch(outbox, from: node)
    }

    private func deliver(_ message: InFlightMessage) {
        precondition(message.deliverAtMs >= nowMs, "virtual time never runs backwards")
        nowMs = message.deliverAtMs
        trace.mix(delivered: message)
        let receiver = node(message.to)
        noteLeaks(in: message.message, to: receiver)
        guard receiver.isUp else { return }
        dispatch(receiver.handle(.received(from: message.from, message.message), nowMs: nowMs), from: receiver)
    }

    /// Data minimisation on the wire: with provinces, no event may reach a node outside its
    /// dossier's provinces (`AcknowledgementLedger.provincesByDossier`), whether or not the
    /// receiver would store it. Counted, and a problem of the run.
    private func noteLeaks(in message: PeerMessage, to receiver: SimulatedNode) {
        guard hasProvinces else { return }
        let events: [ChangeEvent]
        switch message {
        case .eventBatch(let batch): events = batch.events
        case .history(let answer): events = answer.batch.events
        default: return
        }
        for event in events where !ReplicaChecks.mustHold(receiver, event, ledger) {
            leakedEvents += 1
            if firstLeak == nil { firstLeak = "\(event.id) to \(receiver.id)" }
        }
    }

    /// Routes what a node's core wants sent: to the node at the address, as a
    /// real transport would connect to it. A `.member` envelope whose id is not
    /// the node at that address would be refused by the handshake.
    func dispatch(_ outbox: [Envelope], from sender: SimulatedNode) {
        for envelope in outbox {
            let address: String
            var expectedID: String?
            switch envelope.destination {
            case .member(let id, let memberAddress):
                address = memberAddress
                expectedID = id
            case .address(let seedAddress):
                address = seedAddress
            }
            guard let index = nodeIndexByAddress[address], expectedID == nil || nodes[index].id == expectedID else {
                unroutableMessages += 1
                continue
            }
            let receiver = nodes[index].id
            guard let message = PeerProtocol.message(of: envelope, onSessionOf: sessionVersion(sender.id, receiver)) else {
                messagesTooNewForSession += 1
                continue
            }
            network.send(message, from: sender.id, to: receiver, nowMs: nowMs)
        }
    }

    /// The protocol version a session between two nodes negotiates: the highest both speak.
    func sessionVersion(_ one: String, _ other: String) -> UInt16 {
        let older = options.olderBuildNodes
        return older.contains(one) || older.contains(other) ? options.olderBuildVersion : PeerProtocol.currentVersion
    }
}
