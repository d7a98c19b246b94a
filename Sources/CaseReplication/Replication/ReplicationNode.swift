import CaseCore
import CaseSupport
/// One node's membership and replication logic, with no sockets, no storage,
/// no clock and no randomness of its own: inputs and the time come in, outputs
/// go out (`handle(_:nowMs:)`): messages to send, and what to store or read,
/// whose outcomes come back as inputs. It keeps in memory what it decides with
/// (the version vector of the log it replicates, fed once at start). The same
/// code runs over real TCP and in the simulator, driven by `ReplicationDriver`.
///
/// Not thread-safe: one owner (a serial queue, or the simulator) drives it.
public final class ReplicationNode {
    public let configuration: ReplicationConfiguration
    public internal(set) var statistics = ReplicationStatistics()
    /// What the node's log holds, per origin, without gaps: as read at start, then
    /// advanced by local commits and by the outcomes of applies.
    public internal(set) var versionVector: VersionVector
    /// The authority records this node holds (API tokens), as its driver stored them.
    public internal(set) var tokens = TokenSet()
    /// What token records from peers are checked against: the cluster's root key and
    /// id; nil in a cluster without a root key, which takes unsigned records only.
    public let tokenTrust: TokenTrust?
    /// Which streams this node holds and may exchange with each peer (`StreamScope`).
    /// A real node's grows as it learns certificates (`rescope`); the simulator's is fixed.
    public private(set) var scope: StreamScope
    /// Remembers the signatures already checked (`SignatureChecker`).
    let signatures: SignatureChecker
    var nextTokenDigestAtMs: Int64
    /// The retired-members revision last handed out for persisting (`ReplicationOutput.persistRetired`).
    private var persistedRetiredRevision: UInt64 = 0
    /// The cluster root's membership decisions held (`ReplicationNode+Decisions`).
    var decisions: MembershipDecisions
    /// Their revision last handed out for persisting (`ReplicationOutput.persistDecisions`).
    private var persistedDecisionsRevision: UInt64 = 0
    /// The cluster root's holiday schedules held (`ReplicationNode+Holidays`).
    var holidays = HolidaySchedules()
    /// Their revision last handed out for persisting (`ReplicationOutput.persistHolidaySchedules`).
    private var persistedHolidaysRevision: UInt64 = 0
    /// Counts the province mergers taken in (`ReplicationNode+ProvinceMerges`), and the count
    /// last handed out for persisting (`ReplicationOutput.persistProvinceMerges`).
    var provinceMergesRevision: UInt64 = 0
    /// When a batch of events for no stream of this node may next ask its sender for mergers.
    var nextStrayMergerAskAtMs: Int64 = .min
    /// The asks for certificates of members this node cannot place (`ReplicationNode+Certificates`).
    var certificateAsks = CertificateAsks()
    private var persistedProvinceMergesRevision: UInt64 = 0
    var random: SplitMix64
    var table: MembershipTable
    var gossip = GossipQueue()
    /// The time of the input being handled, for what has no `nowMs` of its own (gossip expiry).
    var clockMs: Int64
    var probing = ProbeState()
    var nextSyncAtMs: Int64
    /// This node's unanswered pull, if any: one at a time (see `requestSync`).
    var pullInFlight: PullInFlight?
    /// The answers this node is streaming to peers' pulls, by peer (`PacedAnswer`); one per
    /// peer at most, as every peer has one pull in flight.
    var pacedAnswers: [String: PacedAnswer] = [:]
    /// Periodic pulls started, to send every `crossProvinceSyncEvery`-th to another province.
    var periodicPulls = 0
    /// Dossiers whose history this node asked a holder for, and when (`ReplicationNode+Imports`):
    /// at most `importsPerRound` a round, each forgotten after `pullTimeoutMs`.
    var importsAsked: [String: Int64] = [:]
    /// Per dossier a hint named, the member that sent it: it holds the events the hint is
    /// about, so it is asked first (at most `maxHintedHolders`, the oldest forgotten first).
    var hintedHolders: [String: String] = [:]
    /// The dossiers whose history this node asked for lately, newest last (at most
    /// `maxRecentImportAsks`): an answer slower than `pullTimeoutMs` is still taken.
    var recentImportAsks: [String] = []
    /// The last dossier shared with another province that was reconciled (`reconcileShared`).
    var reconcileCursor = ""
    /// Rounds run since the start, to reconcile every `crossProvinceSyncEvery`-th.
    var importRounds = 0
    /// Per peer, the vectors exchanged with it, for summarizing (`ReplicationNode+VectorSummaries`);
    /// only for members of the table, so bounded by it.
    var peerVectors: [String: PeerVectors] = [:]
    /// This node's last summarized vector with its digest.
    var ownDigest: DigestedVector?
    /// The digest of the last vector of this node's a peer of its province was seen holding
    /// too (`ReplicationNode+VectorSummaries`): while it is still this node's, pulls go digest alone.
    var quietDigest: [UInt8]?
    var nextExchangeAtMs: Int64
    /// The member list's digest and the table revision it was computed at (`currentMemberListDigest`).
    var cachedMemberListDigest: (revision: UInt64, digest: MemberListDigest)?
    var joinAddresses: [String] = []
    var nextJoinAtMs: Int64 = 0

    /// A node that starts alive as `record`, its log holding `versionVector`.
    /// `retired` are the retirements it learnt before a restart (persisted by the
    /// runtime): known again at once, so a retired member is never probed or
    /// admitted back by stale gossip. `tokenTrust` decides which token records peers
    /// may send (`TokenAuthority`) and which membership decisions it takes (the root's);
    /// `decisions` are those persisted before a restart. `signatures` may be shared by
    /// nodes that run in one thread (the simulator) so each signature is verified once.
    /// `scope`: the province streams it holds (one key space without provinces).
    /// `holidaySchedules`: the root's schedules persisted before a restart.
    public init(
        self record: MemberRecord, configuration: ReplicationConfiguration, holding versionVector: VersionVector, seed: UInt64,
        nowMs: Int64, retired: [MemberRecord] = [], decisions restoredDecisions: [MembershipDecision] = [],
        holidaySchedules restoredSchedules: [HolidaySchedule] = [], tokenTrust: TokenTrust? = nil, signatures: SignatureChecker = SignatureChecker(), scope: StreamScope = .single
    ) {
        precondition(record.state == .alive, "a node starts alive")
        self.configuration = configuration
        self.scope = scope
        self.tokenTrust = tokenTrust
        self.signatures = signatures
        self.decisions = MembershipDecisions(trust: tokenTrust)
        self.versionVector = versionVector
        self.random = SplitMix64(seed: seed)
        self.table = MembershipTable(selfRecord: record)
        self.clockMs = nowMs
        // Spread first timers over one interval so nodes started together do not act in lockstep.
        nextSyncAtMs = nowMs + Int64.random(in: 0..<configuration.syncIntervalMs, using: &random)
        nextExchangeAtMs = nowMs + configuration.membershipExchangeIntervalMs
        nextTokenDigestAtMs = nowMs + configuration.tokenDigestIntervalMs
        probing.nextProbeAtMs = nowMs + Int64.random(in: 0..<configuration.probeIntervalMs, using: &random)
        restoreRetired(retired, nowMs: nowMs)
        restoreDecisions(restoredDecisions, nowMs: nowMs)
        restoreHolidaySchedules(restoredSchedules)
        // What it starts with came from its persisted retirements, decisions and schedules: nothing new to persist.
        persistedRetiredRevision = table.retiredRevision
        persistedDecisionsRevision = decisions.revision
        persistedHolidaysRevision = holidays.revision
        statistics.provinceMergesHeld = Int64(scope.directory.merges.count)
    }

    public var selfID: String { table.selfID }
    public var selfRecord: MemberRecord { table.selfRecord }

    /// Every known member, self included, sorted by id.
    public var members: [MemberView] { table.allSorted }

    /// How many other members are known to hold the event `id`.
    public func replicaCount(of id: EventID) -> Int {
        table.allSorted.filter { $0.record.id != selfID && ($0.versionVector?[id.origin] ?? 0) >= id.sequence }.count
    }

    /// Takes the scope the node's log now holds (`LiveStreamScope`): it only ever places
    /// more centres and takes in more mergers, so a stream keeps its key, and a peer newly
    /// placed in (or merged into) this node's province is compared and pushed to from now
    /// on. Keys a merger made stale leave the vector (`StreamScope.held`).
    public func rescope(_ scope: StreamScope) {
        precondition(scope.certifiedProvince == self.scope.certifiedProvince, "a node's certified province never changes while it runs")
        self.scope = scope
        versionVector = scope.held(versionVector)
        if scope.isDivided { table.keepVersionVectorKeys(where: scope.holds(key:)) }
        statistics.provinceMergesHeld = Int64(scope.directory.merges.count)
    }

    /// The log could not store the mergers this core holds: they are handed out again with
    /// the next step, so the store catches up with the core instead of staying behind it.
    public func provinceMergesNotPersisted() {
        persistedProvinceMergesRevision = provinceMergesRevision &- 1
    }

    /// Notes what `peer` says it holds, in this node's keys (`StreamScope.held`): a peer that
    /// has not heard of a merger yet still names the stale keys this node dropped.
    func notePeerVector(_ vector: VersionVector, of peer: String) {
        table.noteVersionVector(scope.held(vector), of: peer)
    }

    /// Takes one input and returns what to do, in order (see `ReplicationOutput`).
    public func handle(_ input: ReplicationInput, nowMs: Int64) -> [ReplicationOutput] {
        // A node an admin retired takes no further part: peers ignore it, and
        // acting as a member (probing, syncing, pushing) would only disturb them.
        guard !isRetired else { return [] }
        clockMs = max(clockMs, nowMs)
        var outbox = Outbox()
        step(input, nowMs: nowMs, outbox: &outbox)
        if table.retiredRevision != persistedRetiredRevision {
            persistedRetiredRevision = table.retiredRevision
            outbox.prepend(.persistRetired(table.retired))
        }
        if decisions.revision != persistedDecisionsRevision {
            persistedDecisionsRevision = decisions.revision
            outbox.prepend(.persistDecisions(decisions.sorted))
        }
        if holidays.revision != persistedHolidaysRevision {
            persistedHolidaysRevision = holidays.revision
            outbox.prepend(.persistHolidaySchedules(holidays.sorted))
        }
        if provinceMergesRevision != persistedProvinceMergesRevision {
            persistedProvinceMergesRevision = provinceMergesRevision
            outbox.prepend(.persistProvinceMerges(provinceMerges))
        }
        return outbox.outputs
    }

    private func step(_ input: ReplicationInput, nowMs: Int64, outbox: inout Outbox) {
        switch input {
        case .tick:
            runTimers(nowMs: nowMs, outbox: &outbox)
        case .received(let sender, let message):
            receive(message, from: sender, nowMs: nowMs, outbox: &outbox)
        case .receivedBatches(let batches):
            let admitted = batches.filter { admit(from: $0.sender, .eventBatch($0.batch), nowMs: nowMs, outbox: &outbox) }
            receiveBatches(admitted, outbox: &outbox)
        case .applied(let outcome):
            batchesApplied(outcome, nowMs: nowMs, outbox: &outbox)
        case .read(let request, let result):
            readCompleted(request, result, outbox: &outbox)
        case .localTokens(let records):
            takeLocalTokens(records, outbox: &outbox)
        case .tokensStored(let outcome):
            tokensStored(outcome)
        case .localEventsCommitted(let events, let throughSequence):
            if throughSequence > versionVector[selfID] { versionVector.advance(selfID, to: throughSequence) }
            push(events, excluding: nil, outbox: &outbox)
        case .join(let addresses):
            joinAddresses = addresses
            nextJoinAtMs = nowMs
            runTimers(nowMs: nowMs, outbox: &outbox)
        case .retire(let id):
            // With a root key, only the root decides (`decide`).
            if decisions.trust == nil { retire(id, nowMs: nowMs) }
        case .readmit(let id):
            if decisions.trust == nil { readmit(id, nowMs: nowMs) }
        case .decide(let decision):
            takeLocalDecision(decision, nowMs: nowMs, outbox: &outbox)
        case .publishHolidays(let schedule):
            takeLocalHolidaySchedule(schedule, outbox: &outbox)
        case .publishProvinceMerge(let merge):
            takeLocalProvinceMerge(merge, outbox: &outbox)
        case .importsPending(let pending):
            askForHistory(of: pending, nowMs: nowMs, outbox: &outbox)
        case .historyRead(let read, let slice):
            answerHistory(read, slice, outbox: &outbox)
        case .historyImported(let imported):
            historyImported(imported, nowMs: nowMs, outbox: &outbox)
        case .sharedFound(let shared):
            reconcile(shared, nowMs: nowMs, outbox: &outbox)
        }
    }

    private func runTimers(nowMs: Int64, outbox: inout Outbox) {
        retryJoinIfAlone(nowMs: nowMs, outbox: &outbox)
        runProbeTimers(nowMs: nowMs, outbox: &outbox)
        expireSuspects(nowMs: nowMs)
        expirePacedAnswers(nowMs: nowMs)
        if nowMs >= nextSyncAtMs {
            nextSyncAtMs = nowMs + configuration.syncIntervalMs
            startSync(nowMs: nowMs, outbox: &outbox)
            lookForImports(nowMs: nowMs, outbox: &outbox)
        }
        if nowMs >= nextExchangeAtMs {
            nextExchangeAtMs = nowMs + configuration.membershipExchangeIntervalMs
            exchangeMemberList(outbox: &outbox)
        }
        runTokenTimer(nowMs: nowMs, outbox: &outbox)
    }

    /// Whether a message from `sender` is taken: a retired member is told so instead.
    private func admit(from sender: String, _ message: PeerMessage, nowMs: Int64, outbox: inout Outbox) -> Bool {
        if let view = table[sender], view.record.state == .retired {
            tellRetired(view.record, inAnswerTo: message, outbox: &outbox)
            return false
        }
        table.noteContact(sender, nowMs: nowMs)
        return true
    }

    private func receive(_ message: PeerMessage, from sender: String, nowMs: Int64, outbox: inout Outbox) {
        guard admit(from: sender, message, nowMs: nowMs, outbox: &outbox) else { return }
        switch message {
        case .ping(let sequence, let records):
            absorb(records, nowMs: nowMs)
            reply(to: sender, .ack(sequence: sequence, gossip: gossip(for: sender)), outbox: &outbox)
        case .ack(let sequence, let records):
            absorb(records, nowMs: nowMs)
            acknowledgeProbe(sequence: sequence, from: sender, outbox: &outbox)
        case .pingRequest(let sequence, let target, let records):
            absorb(records, nowMs: nowMs)
            relayProbe(of: target, for: sender, sequence: sequence, nowMs: nowMs, outbox: &outbox)
        case .syncRequest(let request):
            absorb(request.gossip, nowMs: nowMs)
            noteReceived(request.versionVector, from: sender)
            answerSync(from: sender, theirs: request.versionVector, nowMs: nowMs, outbox: &outbox)
        case .vectorPull(let pull):
            absorb(pull.gossip, nowMs: nowMs)
            receivePull(pull, from: sender, nowMs: nowMs, outbox: &outbox)
        case .vectorAnswer(let answer):
            receiveEmptyAnswer(answer, from: sender, nowMs: nowMs, outbox: &outbox)
        case .eventBatch(let batch):
            receiveBatches([ReceivedBatch(sender: sender, batch: batch)], outbox: &outbox)
        case .batchAck(let vector):
            // A member of another province acknowledges in its own keys: nothing to compare with.
            guard scope.sharesStreams(with: sender) else { break }
            notePeerVector(vector, of: sender)
            resumeAnswer(to: sender, acknowledged: vector, nowMs: nowMs, outbox: &outbox)
        case .membership(let records, let isReply):
            if isReply { absorbMemberListReply(records, nowMs: nowMs) } else { absorb(records, nowMs: nowMs) }
            if !isReply {
                let answer = PeerMessage.membership(members: table.allSorted.map(\.record), isReply: true)
                if let destination = destination(ofSender: sender, claimedIn: records) { outbox.append(Envelope(destination, answer)) }
            }
        case .hello, .helloAck, .refuse:
            break  // handshake frames belong to the transport
        case .tokenDigest(let theirs, let isReply):
            receiveTokenDigest(theirs, isReply: isReply, from: sender, outbox: &outbox)
        case .tokenRecords(let records), .signedTokenRecords(let records):
            receiveTokenRecords(records, from: sender, outbox: &outbox)
        case .decisionDigest(let theirs, let isReply):
            receiveDecisionDigest(theirs, isReply: isReply, from: sender, outbox: &outbox)
        case .membershipDecisions(let received):
            receiveDecisions(received, from: sender, nowMs: nowMs)
        case .holidayDigest(let theirs, let isReply):
            receiveHolidayDigest(theirs, isReply: isReply, from: sender, outbox: &outbox)
        case .holidaySchedules(let received):
            receiveHolidaySchedules(received, from: sender)
        case .provinceMergeDigest(let theirs, let isReply):
            receiveProvinceMergeDigest(theirs, isReply: isReply, from: sender, outbox: &outbox)
        case .provinceMerges(let received):
            receiveProvinceMerges(received, from: sender)
        case .certificateRequest(let subjects):
            receiveCertificateRequest(subjects, from: sender, outbox: &outbox)
        case .certificates(let received):
            receiveCertificates(received, from: sender, outbox: &outbox)
        case .historyRequest(let request):
            receiveHistoryRequest(request, from: sender, outbox: &outbox)
        case .history(let answer):
            receiveHistory(answer, from: sender, outbox: &outbox)
        case .historyHint(let dossier):
            receiveHistoryHint(about: dossier, from: sender, outbox: &outbox)
        case .memberDigest(let theirs, let record):
            receiveMemberDigest(theirs, claiming: record, from: sender, nowMs: nowMs, outbox: &outbox)
        case .memberBucketDigests(let theirs):
            receiveMemberBucketDigests(theirs, from: sender, outbox: &outbox)
        case .memberBucketRecords(let buckets, let records, let isReply):
            receiveMemberBucketRecords(buckets: buckets, records: records, isReply: isReply, from: sender, nowMs: nowMs, outbox: &outbox)
        }
    }

    /// The envelope destination of a member, by the address it advertises.
    func destination(of view: MemberView) -> Destination {
        .member(id: view.record.id, address: view.record.peerAddress)
    }

    /// Where to answer `sender`: at the address it gives for itself in the
    /// records it sent, if any, else at the one this node holds. They differ
    /// when it restarted on a new address while this node holds a record of it
    /// it cannot outrank yet (a readmission's admin epoch, a refutation it did
    /// not persist): the answer carries that record, so it can.
    func destination(ofSender sender: String, claimedIn records: [MemberRecord]) -> Destination? {
        if let claimed = records.first(where: { $0.id == sender }) { return .member(id: sender, address: claimed.peerAddress) }
        return table[sender].map(destination(of:))
    }

    /// Sends to a member by id if its address is known (it is, once its gossip was absorbed).
    /// `fallback`: what goes instead on a session too old for `message` (`Envelope.fallback`).
    func reply(to id: String, _ message: PeerMessage, fallback: PeerMessage? = nil, outbox: inout Outbox) {
        guard let view = table[id] else { return }
        outbox.append(Envelope(destination(of: view), message, fallback: fallback))
    }

    func noteStorageError(_ description: String) {
        statistics.storageErrors += 1
        statistics.lastStorageError = description
    }
}
