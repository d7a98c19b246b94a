import CaseCore
import CaseReplication
import CaseReplicationDriver

/// One simulated casestore node: the replication core, its durable log, and
/// the clock its clerks stamp events with.
///
/// A crash discards the `ReplicationNode` (everything in memory: membership,
/// probes, timers) but keeps the log, because what the log committed is
/// durable. A restart builds a new `ReplicationNode` with a higher
/// incarnation over the same log, which rejoins through its join addresses.
public final class SimulatedNode {
    /// "n1", "n2", …: the node id, origin of its events and its centre.
    public let id: String
    /// "sim://n1": where peers reach it.
    public let address: String
    /// "N1": the agency code that opens its dossier codes.
    public let agency: String
    /// Its durable event log: survives crashes.
    public let log: InMemoryReplicaLog
    /// Its durable token registry: survives crashes.
    public let tokens = InMemoryTokenStore()
    /// How far this node's wall clock is off the simulation's (clocks disagree in real life).
    public let clockSkewMs: Int64
    /// The replication core and its driver while the node is up; nil while it is down.
    private var driver: ReplicationDriver?
    /// The incarnation of the current (or, while down, the last) run.
    public private(set) var incarnation: UInt64 = 0
    /// How many times it crashed.
    public private(set) var crashCount = 0
    /// The retirements its core reported, kept across crashes as a real node
    /// keeps them in its database, and given back to the core at each start.
    public private(set) var persistedRetirements: [MemberRecord] = []

    private var clock = HybridLogicalClock()
    private var nextDossierSequence = 1

    /// Unix milliseconds at simulated time 0: 2025-07-01 08:00 in Vietnam, a working morning.
    public static let epochMs: Int64 = 1_751_331_600_000
    /// The receipt date of every simulated dossier (a run lasts minutes, all on that day).
    public static let receiptDate = CivilDate(year: 2025, month: 7, day: 1)!

    /// `signsEvents`: the node signs what it writes and checks what it receives
    /// (`SimulationOptions.identities`).
    /// `streams`: the province streams it holds (`.single` without provinces).
    init(index: Int, clockSkewMs: Int64, signsEvents: Bool = false, streams: StreamScope = .single) {
        precondition(index >= 1, "nodes are numbered from 1")
        id = "n\(index)"
        address = "sim://n\(index)"
        agency = "N\(index)"
        log = InMemoryReplicaLog(
            localOrigin: id, signing: signsEvents ? SimulatedIdentities.eventSigning(for: id) : .none, streams: streams)
        if signsEvents {
            _ = try? log.apply([], certificates: [SimulatedIdentities.certificate(for: id, province: streams.certifiedProvince ?? .unnamed)])
        }
        self.clockSkewMs = clockSkewMs
    }

    /// The replication core while the node is up; nil while it is down.
    public var replication: ReplicationNode? { driver?.node }

    /// Its province now (through the mergers it has heard of), nil without provinces.
    public var province: ProvinceCode? { log.streams.province }
    /// The province its certificate names (before any merger).
    public var certifiedProvince: ProvinceCode? { log.streams.certifiedProvince }

    /// Whether it is running (not crashed).
    public var isUp: Bool { driver != nil }

    /// Its node key and certificate (`SimulatedIdentities`): what it signs its own
    /// centre's clerk tokens and their revocations with.
    public var issuer: TokenIssuer { SimulatedIdentities.node(id, province: log.streams.certifiedProvince ?? .unnamed) }

    /// Starts (or restarts) the node and asks it to join through `joinAddresses`. Its core
    /// checks token records from peers as a real node's does in identity mode.
    func start(
        configuration: ReplicationConfiguration, seed: UInt64, joinAddresses: [String], signatures: SignatureChecker, nowMs: Int64
    ) -> [Envelope] {
        precondition(!isUp, "\(id) is already up")
        incarnation += 1
        // The clock is memory and is lost in a crash; the log tells it where it was.
        clock = HybridLogicalClock(last: log.maxTimestamp)
        let record = MemberRecord(id: id, peerAddress: address, httpAddress: "sim-http://\(id)", incarnation: incarnation, state: .alive)
        let node = ReplicationNode(
            self: record, configuration: configuration, holding: (try? log.versionVector()) ?? VersionVector(), seed: seed, nowMs: nowMs,
            retired: persistedRetirements, decisions: (try? log.decisions()) ?? [], tokenTrust: SimulatedIdentities.trust,
            signatures: signatures, scope: log.streams)
        let driver = ReplicationDriver(node: node, log: log, tokens: tokens) { [unowned self] in persistedRetirements = $0 }
        self.driver = driver
        return driver.handle(.localTokens(tokens.tokens.sorted), nowMs: nowMs) + driver.handle(.join(addresses: joinAddresses), nowMs: nowMs)
    }

    /// Loses everything but the log. The incarnation it reached (refutations
    /// raise it) is kept, as a real node keeps it on disk, so the next run outranks it.
    func crash() {
        guard let node = replication else { preconditionFailure("\(id) is already down") }
        incarnation = node.selfRecord.incarnation
        driver = nil
        crashCount += 1
    }

    func handle(_ input: ReplicationInput, nowMs: Int64) -> [Envelope] {
        driver?.handle(input, nowMs: nowMs) ?? []
    }

    /// This node's wall-clock reading at simulated time `nowMs`.
    public func wallClockMs(atSimulatedMs nowMs: Int64) -> Int64 {
        Self.epochMs + nowMs + clockSkewMs
    }

    /// The next dossier code this node hands out ("N1-250701-0001", …).
    func takeDossierCode() -> DossierCode {
        let code = DossierCode(agency: agency, date: Self.receiptDate, sequence: nextDossierSequence)
        nextDossierSequence += 1
        return code
    }

    /// Whether this node can hand out another dossier code today.
    var canTakeDossierCode: Bool { nextDossierSequence <= DossierCode.maxDailySequence }

    /// Where and when a clerk at this node decides now. The timestamp sorts after every
    /// event the node holds, so a step always follows the state the clerk saw.
    func decisionContext(nowMs: Int64, calendar: WorkingCalendar, centres: CentreDirectory = .unchecked) -> DecisionContext {
        precondition(isUp, "clerks work only at a node that is up")
        let wallMs = wallClockMs(atSimulatedMs: nowMs)
        clock.observe(log.maxTimestamp, wallClockMs: wallMs)
        return DecisionContext(
            node: id, sequence: log.nextLocalSequence, timestamp: clock.tick(wallClockMs: wallMs), calendar: calendar, centres: centres)
    }
}
