import CaseCore
import CaseReplication

/// Performs what a `ReplicationNode` asks (`ReplicationOutput`): stores received
/// batches and reads what peers lack through the node's `ReplicaLog`, stores token
/// records through its `AuthorityStore`, persists retirements, and hands back the
/// messages to send. The core decides; this
/// does the I/O and reports each outcome back as the node's next input. The
/// TCP runtime and the simulator both drive their nodes through it.
///
/// Not thread-safe: one owner (the runtime's serial queue, or the simulator) calls it.
public final class ReplicationDriver {
    public let node: ReplicationNode
    public let log: any ReplicaLog
    /// Nil for a node that keeps no tokens: records from peers are then refused.
    public let tokens: (any AuthorityStore)?
    private let persistRetired: ([MemberRecord]) -> Void
    private let persistHolidays: ([HolidaySchedule]) -> Void
    private let persistFailed: (String) -> Void
    /// Certificates by origin, as `withCertificates` last read them from the log.
    private var certificateCache: [String: [Certificate]] = [:]
    /// The version of the log's streams the node was last given (`followStreams`); -1: none yet.
    private var streamsVersion = -1

    /// `persistRetired` stores the retired members durably; it is called before any
    /// message decided in the same step is handed back. `persistFailed` is told when the
    /// log could not store what the core handed out (the root's membership decisions and
    /// mergers, certificates, import hints: each is handed out or asked for again) or read
    /// what a peer asked for (it asks another).
    /// `persistHolidays` stores the root's holiday schedules the node holds (and has the
    /// node's calendar follow them), before any message decided in the same step.
    public init(
        node: ReplicationNode, log: any ReplicaLog, tokens: (any AuthorityStore)? = nil,
        persistRetired: @escaping ([MemberRecord]) -> Void = { _ in }, persistHolidays: @escaping ([HolidaySchedule]) -> Void = { _ in },
        persistFailed: @escaping (String) -> Void = { _ in }
    ) {
        self.node = node
        self.log = log
        self.tokens = tokens
        self.persistRetired = persistRetired
        self.persistHolidays = persistHolidays
        self.persistFailed = persistFailed
    }

    /// Steps the node with `input` and performs its outputs, depth first: an outcome is
    /// fed back as soon as it is known, so a batch that was read goes out before anything
    /// the node decided after asking for it. Returns the messages to send, in order.
    public func handle(_ input: ReplicationInput, nowMs: Int64) -> [Envelope] {
        followStreams()
        var envelopes: [Envelope] = []
        perform(node.handle(input, nowMs: nowMs), nowMs: nowMs, into: &envelopes)
        return envelopes
    }

    /// Gives the node the log's streams when they changed since it was last given them: a
    /// certificate a handshake, a batch or an answer brought placed another centre, or a
    /// merger joined provinces. Before each step, so the step decides with what the log holds.
    /// The mergers the core holds stay, even one the log could not store yet (it is handed
    /// out again for storing): the log's scope never takes one away.
    private func followStreams() {
        guard let live = log.liveStreams?.versioned, live.version != streamsVersion else { return }
        node.rescope(node.provinceMerges.reduce(live.scope) { $0.adding($1) })
        streamsVersion = live.version
    }

    private func perform(_ outputs: [ReplicationOutput], nowMs: Int64, into envelopes: inout [Envelope]) {
        for output in outputs {
            switch output {
            case .send(let envelope):
                envelopes.append(withCertificates(envelope))
            case .persistRetired(let records):
                persistRetired(records)
            case .persistHolidaySchedules(let schedules):
                persistHolidays(schedules)
            case .persistProvinceMerges(let merges):
                do {
                    try log.storeProvinceMerges(merges)
                } catch {
                    node.provinceMergesNotPersisted()
                    persistFailed("province mergers not stored (tried again with the next step): \(error)")
                }
            case .persistDecisions(let decisions):
                do {
                    try log.storeDecisions(decisions)
                } catch {
                    persistFailed("membership decisions not stored: \(error)")
                }
            case .apply(let batches):
                perform(node.handle(.applied(apply(batches)), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .read(let request):
                let (completed, result) = read(request)
                perform(node.handle(.read(completed, result), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .storeTokens(let records, let sender):
                perform(node.handle(.tokensStored(store(records, from: sender)), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .findImports(let limit):
                let pending = (try? log.pendingImports(limit: limit)) ?? []
                perform(node.handle(.importsPending(pending), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .readHistory(let request):
                perform(node.handle(.historyRead(request, readHistory(request)), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .importHistory(let answer, let sender):
                perform(node.handle(.historyImported(importHistory(answer, from: sender)), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .findShared(let cursor):
                let shared = (try? log.sharedDossier(after: cursor)) ?? nil
                perform(node.handle(.sharedFound(shared), nowMs: nowMs), nowMs: nowMs, into: &envelopes)
            case .answerCertificates(let subjects, let destination):
                do {
                    let held = try log.certificates(of: subjects)
                    if !held.isEmpty {
                        envelopes.append(Envelope(destination, .certificates(Array(held.prefix(ReplicationNode.maxCertificatesPerAnswer)))))
                    }
                } catch {
                    persistFailed("certificates a peer asked for not read (it asks another): \(error)")
                }
            case .keepCertificates(let certificates):
                forgetCertificates(replacedBy: certificates)
                do {
                    try log.keep(certificates: certificates)
                } catch {
                    persistFailed("certificates a peer answered with not stored (asked for again later): \(error)")
                }
            case .notePendingImport(let dossier):
                do {
                    try log.notePendingImport(dossier)
                } catch {
                    persistFailed("a hint to import dossier \(dossier) not stored: \(error)")
                }
            }
        }
    }

    /// Stores the events of every batch in one `log.apply` (one transaction for a database).
    /// If the log refuses that (one invalid event refuses the whole call), batch by batch,
    /// so one peer's bad batch does not hold back the others'.
    func apply(_ batches: [ReceivedBatch]) -> ApplyOutcome {
        forgetCertificates(replacedBy: batches.flatMap(\.batch.certificates))
        var outcome = ApplyOutcome(batches: batches, stored: [])
        if batches.count > 1,
           let stored = try? log.apply(batches.flatMap(\.batch.events), certificates: batches.flatMap(\.batch.certificates)) {
            outcome.stored = stored
        } else {
            for (index, item) in batches.enumerated() {
                do {
                    outcome.stored += try log.apply(item.batch.events, certificates: item.batch.certificates)
                } catch {
                    outcome.refused.insert(index)
                    outcome.errors.append("\(error)")
                }
            }
        }
        do {
            outcome.versionVector = try log.versionVector()
            if !outcome.stored.isEmpty { outcome.hints = try log.importHints(after: outcome.stored) }
        } catch {
            outcome.errors.append("\(error)")
        }
        return outcome
    }

    /// What a node of another province may have of a dossier's history; nil (not served)
    /// also when the log cannot read it: the asker then asks another holder.
    private func readHistory(_ read: HistoryRead) -> HistorySlice? {
        try? log.history(
            of: read.request.dossier, servingProvince: read.province, excluding: read.request.held, maxEvents: read.maxEvents,
            maxBytes: read.maxBytes)
    }

    private func importHistory(_ answer: HistoryAnswer, from sender: String) -> HistoryImported {
        forgetCertificates(replacedBy: answer.batch.certificates)
        do {
            let stored = try log.importHistory(
                answer.batch.events, of: answer.dossier, certificates: answer.batch.certificates, complete: !answer.batch.hasMore)
            return HistoryImported(dossier: answer.dossier, from: sender, hasMore: answer.batch.hasMore, stored: stored)
        } catch {
            return HistoryImported(dossier: answer.dossier, from: sender, hasMore: false, stored: [], error: "history of \(answer.dossier) from \(sender) not stored: \(error)")
        }
    }

    /// An event batch leaves with the certificates of its events' origins, so that a
    /// receiver that never met an origin can check its signatures. Without any (a log
    /// that keeps none, or a read that fails) it leaves as it is: the receiver then
    /// refuses what it cannot check and asks again later.
    func withCertificates(_ envelope: Envelope) -> Envelope {
        switch envelope.message {
        case .eventBatch(let batch):
            return Envelope(envelope.destination, .eventBatch(withCertificates(batch)), fallback: envelope.fallback)
        case .history(var answer):
            answer.batch = withCertificates(answer.batch)
            return Envelope(envelope.destination, .history(answer), fallback: envelope.fallback)
        default:
            return envelope
        }
    }

    private func withCertificates(_ batch: EventBatch) -> EventBatch {
        guard batch.certificates.isEmpty, !batch.events.isEmpty else { return batch }
        var batch = batch
        batch.certificates = Array(Set(batch.events.map(\.origin))).sorted().flatMap(certificates(of:))
        return batch
    }

    /// An origin's certificates, read from the log once and then kept: every outgoing batch
    /// needs them, and they change only when a batch brings one not held yet (a rotated
    /// key), which `forgetCertificates(replacedBy:)` notices. None found is not kept, so a
    /// certificate that arrives later is read then.
    private func certificates(of origin: String) -> [Certificate] {
        if let cached = certificateCache[origin] { return cached }
        guard let read = try? log.certificates(of: [origin]), !read.isEmpty else { return [] }
        certificateCache[origin] = read
        return read
    }

    private func forgetCertificates(replacedBy received: [Certificate]) {
        for certificate in received where certificateCache[certificate.subject]?.contains(where: { $0.serial == certificate.serial }) == false {
            certificateCache[certificate.subject] = nil
        }
    }

    func store(_ records: [TokenRecord], from sender: String) -> TokenStoreOutcome {
        guard let tokens else { return TokenStoreOutcome(stored: [], error: "this node keeps no token registry") }
        do {
            return TokenStoreOutcome(stored: try tokens.store(records, from: sender))
        } catch {
            return TokenStoreOutcome(stored: [], error: "token records from \(sender) not stored: \(error)")
        }
    }

    /// Reads what `request` asks for. For a peer of another province, the first read of an
    /// answer also fills in what the log can serve that province (`LogRead.mine`): only the
    /// log knows which of its events are tagged with it.
    func read(_ request: LogRead) -> (LogRead, LogReadResult) {
        var request = request
        do {
            guard let province = request.servingProvince else {
                return (request, .events(try log.events(missingFrom: request.after, maxEvents: request.maxEvents, maxBytes: request.maxBytes)))
            }
            if request.batchesSent == 0 { request.mine = try log.versionVector(servingProvince: province) }
            let events = try log.events(
                missingFrom: request.after, servingProvince: province, maxEvents: request.maxEvents, maxBytes: request.maxBytes)
            return (request, .events(events))
        } catch {
            return (request, .failed("\(error)"))
        }
    }
}
