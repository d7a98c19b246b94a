import CaseCore
import CaseReplication

/// The simulator's implementation of the `ReplicaLog` port: a node's event
/// log, its version vector, every dossier's folded state and the state
/// digest, all in memory.
///
/// It is "durable" in the simulator's sense: a simulated crash discards the
/// node's `ReplicationNode` but keeps its log, exactly as a real node keeps
/// what SQLite committed. Each `apply` is all-or-nothing: the new state is
/// computed aside and committed only if every affected dossier folds.
///
/// Not thread-safe: the simulation drives it from one thread. (`@unchecked
/// Sendable` only because the `ReplicaLog` port is Sendable for the real node,
/// whose HTTP threads read its log; no simulated log crosses threads.)
public final class InMemoryReplicaLog: ReplicaLog, @unchecked Sendable {
    /// The node whose clerks author events here (`appendLocal`).
    public let localOrigin: String
    /// Deliberate defects, to prove the checkers catch a broken log.
    public var faults: Faults = []

    /// A bound on one `apply` call: real batches carry at most
    /// `ReplicationConfiguration.maxBatchEvents` (500); twenty times that
    /// leaves room for tests while bounding the work of one call.
    public static let maxEventsPerApply = 10_000
    /// A bound on the whole log: a simulated run stores a few thousand
    /// events; a runaway workload stops with an error instead of eating memory.
    public static let maxStoredEvents = 1_000_000

    /// Which streams it holds (`StreamScope`): every origin densely without provinces.
    /// Grows with the certificates it keeps (each places its centre) and the root's province
    /// mergers (`storeProvinceMerges`), as a node's store does; its node's core follows it
    /// (`ReplicationDriver`).
    private let scope: LiveStreamScope
    public var liveStreams: LiveStreamScope? { scope }
    public var streams: StreamScope { scope.current }
    /// Remembers the certificate signatures already checked (the simulation's, shared by its
    /// nodes); nil checks each one.
    public var signatures: SignatureChecker?
    /// Per origin held densely, its events in sequence order: the event with sequence s is at index s - 1.
    private var eventsByOrigin: [String: [StoredEvent]] = [:]
    /// Per origin of another province, its events tagged with a province that is this node's
    /// (one or, after a merger, more: `StreamScope.heldTags`), in sequence order (with gaps),
    /// each with its predecessor link to serve it on.
    private var sparseByOrigin: [String: [StoredEvent]] = [:]
    /// The head of each sparse stream held, by key (`o@P`).
    private var sparseHeads: [String: StreamHead] = [:]
    /// The root's province mergers taken in, by merged province.
    private var mergesByProvince: [ProvinceCode: ProvinceMerge] = [:]
    /// Events imported as a dossier's history (`importHistory`): of other provinces' origins,
    /// not tagged with this node's province, so in no stream it holds.
    private var importedByID: [EventID: StoredEvent] = [:]
    /// Dossiers awaiting their history, in the order they were found (`pendingImports`).
    private var pendingImportCodes: [String] = []
    /// Dossiers shared with another province (`sharedDossier(after:)`).
    private var sharedCodes: Set<String> = []
    /// Per origin held densely, per province, the sequences of its events tagged with it,
    /// ascending: what a node of that province is served.
    private var taggedSequences: [String: [ProvinceCode: [Int64]]] = [:]
    /// What `versionVector()` reports; kept apart from the arrays so that a
    /// fault can make the two disagree, as a buggy store would.
    private var heads = VersionVector()
    /// Per dossier code, the identities of its events (in arrival order).
    private var eventIDsByDossier: [String: [EventID]] = [:]
    private var dossiers: [String: Dossier] = [:]
    /// What each caller's idempotency key stands for, as the node's `idempotency_keys` holds it.
    private var idempotencyKeys: [IdempotencyKeyName: HeldIdempotencyKey] = [:]
    /// Per dossier code, the last event folded in, in fold order: a new event
    /// that sorts after it is folded onto the current state instead of from scratch.
    private var lastFolded: [String: ChangeEvent] = [:]
    /// Per dossier code, its term in `maintainedDigest` (none while it has no filing).
    private var digestTerms: [String: StateDigest] = [:]
    /// The sum of `digestTerms`, up to date except for the dossiers in `staleTerms`.
    private var maintainedDigest = StateDigest.zero
    /// Dossiers changed since the digest was last read. Their terms are
    /// replaced (old one out, new one in) when it is next read, so a dossier
    /// changed many times in between is hashed once: hashing a dossier's
    /// canonical JSON is the most expensive thing the simulator does.
    private var staleTerms: Set<String> = []
    private var storedEventCount = 0

    /// The greatest timestamp of any event held: the node's hybrid logical
    /// clock observes it so that a clerk's next step sorts after all it has seen.
    public private(set) var maxTimestamp = HLCTimestamp.zero

    /// How local events are signed and received ones checked (`EventAuthentication`,
    /// the same rule as the SQLite log's).
    public let signing: EventSigning
    /// Root-signed certificates kept, by subject.
    private var certificatesBySubject: [String: [Certificate]] = [:]
    /// The cluster root's latest decision about each member, as the SQLite log's
    /// `membership_decisions` table: a retirement's last sequence refuses later events.
    private var decisionsByMember: [String: MembershipDecision] = [:]
    /// Runs of received events dropped for want of a valid signature, and the last one.
    public private(set) var refusedRuns = 0
    public private(set) var lastRefusal: EventRefusal?

    /// An empty log for the node `localOrigin`, holding the streams of `streams`.
    public init(localOrigin: String, signing: EventSigning = .none, streams: StreamScope = .single) {
        self.localOrigin = localOrigin
        self.signing = signing
        self.scope = LiveStreamScope(streams)
    }

    // MARK: - ReplicaLog

    /// The maintained vector (see `heldVersionVector` for what is actually held).
    public func versionVector() throws -> VersionVector {
        heads
    }

    /// What a holder of `vector` lacks: origins in sorted order, each from its
    /// head onward in sequence order, stopping (across origins) before one more
    /// event would pass `maxEvents` or `maxBytes` (by `estimatedEncodedBytes`),
    /// but always at least one event when any is lacking.
    public func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        precondition(maxEvents >= 1 && maxBytes >= 1, "a batch bound must allow at least one event")
        var batch = EventBatchBuilder(maxEvents: maxEvents, maxBytes: maxBytes)
        // An origin held densely since a merger may have sparse leftovers: its dense stream serves it.
        let streamsHeld = eventsByOrigin.keys.map { ($0, true) }
            + sparseByOrigin.keys.filter { !streams.holdsDensely($0) }.map { ($0, false) }
        for (origin, dense) in streamsHeld.sorted(by: { $0.0 < $1.0 }) {
            if dense {
                let stored = eventsByOrigin[origin] ?? []
                let first = Int(max(vector[origin], 0))
                guard first < stored.count else { continue }
                for entry in stored[first...] where !batch.take(entry.event, estimatedBytes: entry.estimatedBytes) { return batch.events }
            } else {
                for entry in sparseByOrigin[origin] ?? [] where streams.keys(of: entry.event).contains(where: { vector[$0] < entry.event.sequence }) {
                    if !batch.take(entry.event, estimatedBytes: entry.estimatedBytes) { return batch.events }
                }
            }
        }
        return batch.events
    }

    /// What this log can serve a node of `province`: its dense origins' events tagged with
    /// it or with a province merged into it, one stream per tag.
    public func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector {
        var vector = VersionVector()
        let tags = streams.directory.streams(of: province)
        for (origin, byProvince) in taggedSequences where streams.holdsDensely(origin) {
            for tag in tags {
                if let last = byProvince[tag]?.last { vector.advance(StreamScope.sparseKey(origin: origin, province: tag), to: last) }
            }
        }
        return vector
    }

    /// The events of the streams a node of `province` follows that, holding `vector`, it
    /// lacks, of this log's dense origins (sorted), each with the link of its origin's event before it.
    public func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent] {
        precondition(maxEvents >= 1 && maxBytes >= 1, "a batch bound must allow at least one event")
        var batch = EventBatchBuilder(maxEvents: maxEvents, maxBytes: maxBytes)
        let tags = streams.directory.streams(of: province)
        for origin in taggedSequences.keys.sorted() where streams.holdsDensely(origin) {
            let stored = eventsByOrigin[origin] ?? []
            let lacking = tags.flatMap { tag in
                let head = vector[StreamScope.sparseKey(origin: origin, province: tag)]
                return (taggedSequences[origin]?[tag] ?? []).filter { $0 > head }
            }
            for sequence in Set(lacking).sorted() {
                let entry = stored[Int(sequence - 1)]
                var event = entry.event
                event.predecessorLink = link(before: event.id)
                if !batch.take(event, estimatedBytes: entry.estimatedBytes) { return batch.events }
            }
        }
        return batch.events
    }

    /// See `ReplicaLog.apply`: each origin's events are taken in sequence order,
    /// so `[3, 2]` after a head of 1 stores 2 and 3. Throws, storing nothing, if
    /// the call carries more than `maxEventsPerApply` events, would fill the log,
    /// or would store an event whose dossier cannot be folded. Unlike the SQLite
    /// log it checks nothing else of an event (see `ReplicaLog`).
    public func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
        keep(certificates)
        let stored = try store(events, faults: faults, verifying: true)
        notePendingImports(after: stored)
        return stored
    }

    public func keep(certificates: [Certificate]) throws {
        keep(certificates)
    }

    /// Keeps the root-signed certificates not held yet; held ones are skipped before anything
    /// is verified, as the SQLite log does.
    private func keep(_ certificates: [Certificate]) {
        var seen = Set<[UInt8]>()
        let new = certificates.filter { certificate in
            seen.insert(certificate.serial).inserted
                && !(certificatesBySubject[certificate.subject] ?? []).contains { $0.serial == certificate.serial }
        }
        let kept = signing.keepable(new, signatures: signatures)
        for certificate in kept { certificatesBySubject[certificate.subject, default: []].append(certificate) }
        scope.learn(kept)
    }

    public func certificates(of origins: [String]) throws -> [Certificate] {
        origins.flatMap { certificatesBySubject[$0] ?? [] }
    }

    private func revocationCutoff(of origin: String) -> Int64? {
        guard let decision = decisionsByMember[origin], decision.verdict == .retired else { return nil }
        return Int64(clamping: decision.lastSequence)
    }

    public func storeDecisions(_ decisions: [MembershipDecision]) throws {
        for decision in decisions {
            if let held = decisionsByMember[decision.member], !decision.supersedes(held) { continue }
            decisionsByMember[decision.member] = decision
        }
    }

    public func decisions() throws -> [MembershipDecision] {
        decisionsByMember.values.sorted { $0.member < $1.member }
    }

    /// The event with this identity, if held.
    public func event(_ id: EventID) throws -> ChangeEvent? {
        storedEvent(id)
    }

    /// The maintained digest: the sum of every dossier's term, terms of
    /// dossiers changed since the last read brought up to date first.
    public func digest() throws -> StateDigest {
        for code in staleTerms.sorted() {
            if let old = digestTerms[code] { maintainedDigest = maintainedDigest.subtracting(old) }
            digestTerms[code] = dossiers[code].map(Self.digestTerm(of:))
            if let new = digestTerms[code] { maintainedDigest = maintainedDigest.adding(new) }
        }
        staleTerms.removeAll()
        return maintainedDigest
    }

    // MARK: - Dossiers entering a province

    public func pendingImports(limit: Int) throws -> [PendingImport] {
        pendingImportCodes.prefix(limit).map { HistoryImportRules.pending($0, held: events(forDossier: $0), scope: streams) }
    }

    public func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice? {
        let events = events(forDossier: code).compactMap { event -> ChangeEvent? in
            var event = event
            if event.predecessorLink.isEmpty {
                let link = link(before: event.id)
                guard !link.isEmpty else { return nil }
                event.predecessorLink = link
            }
            return event
        }
        return HistoryImportRules.slice(
            of: events, for: province, excluding: held, directory: streams.directory, maxEvents: maxEvents, maxBytes: maxBytes)
    }

    /// See `ReplicaLog.importHistory`; all or nothing, as `apply`.
    public func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent] {
        // Only the history of a dossier this node holds already: no peer makes it hold another.
        guard eventIDsByDossier[code] != nil else { return [] }
        keep(certificates)
        let candidates = events.filter { $0.dossierCode == code && HistoryImportRules.isImportable($0, scope: streams) && storedEvent($0.id) == nil }
        let origins = Set(candidates.map(\.origin))
        let verdict = ImportedEventAuthentication.verify(
            candidates.map { .init(event: $0, predecessorLink: $0.predecessorLink) },
            certificates: Dictionary(uniqueKeysWithValues: origins.map { ($0, certificatesBySubject[$0] ?? []) }), trust: signing.trust,
            revokedAfter: Dictionary(uniqueKeysWithValues: origins.compactMap { origin in revocationCutoff(of: origin).map { (origin, $0) } }))
        refusedRuns += verdict.refusals.count
        if let refusal = verdict.refusals.last { lastRefusal = refusal }
        if !verdict.accepted.isEmpty {
            let staged = Staged(accepted: verdict.accepted, affectedCodes: [code], refusals: [])
            commit(staged, refolded: try refold(staged), advancingVersionVector: false, imported: true)
        }
        sharedCodes.insert(code)
        if complete, dossiers[code] != nil { pendingImportCodes.removeAll { $0 == code } }
        return verdict.accepted
    }

    public func sharedDossier(after cursor: String) throws -> PendingImport? {
        let sorted = sharedCodes.sorted()
        guard let code = sorted.first(where: { $0 > cursor }) ?? sorted.first else { return nil }
        return HistoryImportRules.pending(code, held: events(forDossier: code), scope: streams)
    }

    public func notePendingImport(_ code: String) throws {
        guard streams.isDivided, eventIDsByDossier[code] != nil else { return }
        markPending(code)
    }

    public func importHints(after stored: [ChangeEvent]) throws -> [ImportHint] {
        HistoryImportRules.hints(after: stored, selfID: localOrigin, scope: streams) { events(forDossier: $0) }
    }

    private func markPending(_ code: String) {
        sharedCodes.insert(code)
        if !pendingImportCodes.contains(code) { pendingImportCodes.append(code) }
    }

    /// Records the dossiers of `accepted` this node shares with another province, pending
    /// those a step from a sparse stream brought here without their filing (as the SQLite log).
    /// A pending dossier whose filing arrived by any path (a stream dense since a merger)
    /// awaits nothing more, as the SQLite log says.
    private func notePendingImports(after accepted: [ChangeEvent]) {
        for (code, awaits) in HistoryImportRules.shared(after: accepted, scope: streams) {
            sharedCodes.insert(code)
            if awaits, dossiers[code] == nil { markPending(code) }
        }
        let filed = Set(accepted.filter { $0.kind == .filed }.map(\.dossierCode))
        if !filed.isEmpty { pendingImportCodes.removeAll { filed.contains($0) && dossiers[$0] != nil } }
    }

    // MARK: - Local authoring

    /// The sequence the next locally authored event must carry.
    public var nextLocalSequence: Int64 {
        Int64(eventsByOrigin[localOrigin]?.count ?? 0) + 1
    }

    /// Stores an event authored at this node (a clerk's filing or step) in one
    /// atomic step, exactly as a received one. `faults` do not apply here: the
    /// broken path is the replication of events, so a broken `apply` shows up
    /// as replicas that disagree with the events' origin.
    ///
    /// Its origin must be this node and its sequence `nextLocalSequence`:
    /// anything else is a bug in the caller.
    @discardableResult
    public func appendLocal(_ event: ChangeEvent) throws -> ChangeEvent {
        precondition(event.origin == localOrigin, "a local event has this node's origin, not \(event.origin)")
        precondition(event.sequence == nextLocalSequence, "local event \(event.id) does not follow the head \(nextLocalSequence - 1)")
        let predecessorLink = link(before: event.id)
        var sealed = signing.seal(try tagged(event), after: predecessorLink)
        // Other provinces receive it in a sparse stream, without the event before it.
        if streams.isDivided { sealed.predecessorLink = predecessorLink }
        let stored = try store([sealed], faults: [], verifying: false)
        precondition(stored == [sealed], "a local event that follows the head is always stored")
        notePendingImports(after: stored)
        return sealed
    }

    /// `event` with the province streams it belongs to (`EventTagging`), when provinces
    /// divide the cluster; as it is otherwise (event format 1).
    private func tagged(_ event: ChangeEvent) throws -> ChangeEvent {
        guard let own = streams.province else { return event }
        var heads: [ProvinceCode: StreamHead] = [:]
        for (province, sequences) in taggedSequences[localOrigin] ?? [:] {
            guard let last = sequences.last else { continue }
            heads[province] = StreamHead(sequence: last, link: storedEvent(EventID(origin: localOrigin, sequence: last))!.chain)
        }
        return try EventTagging.tagged(event, history: events(forDossier: event.dossierCode), directory: streams.directory, own: own, heads: heads)
    }

    /// The chain link of the event before `id` in its origin's log (genesis for the first).
    private func link(before id: EventID) -> [UInt8] {
        id.sequence > 1 ? storedEvent(EventID(origin: id.origin, sequence: id.sequence - 1))?.chain ?? [] : EventChain.genesis(origin: id.origin)
    }

    // MARK: - Reading state

    /// The folded state of one dossier, nil while its filing has not arrived.
    public func dossier(code: String) -> Dossier? {
        dossiers[code]
    }

    /// Every event held of one dossier, in arrival order: what a decision on it is taken on.
    public func events(forDossier code: String) -> [ChangeEvent] {
        (eventIDsByDossier[code] ?? []).compactMap(storedEvent)
    }

    /// Codes of every dossier whose filing is held, sorted.
    public var dossierCodes: [String] {
        dossiers.keys.sorted()
    }

    /// How many events are held.
    public var eventCount: Int { storedEventCount }

    /// What the log actually holds, per origin (equal to `versionVector()` unless a fault is on).
    public var heldVersionVector: VersionVector {
        var vector = VersionVector(eventsByOrigin.mapValues { Int64($0.count) })
        for (key, head) in sparseHeads where streams.holds(key: key) { vector.advance(key, to: head.sequence) }
        return vector
    }

    /// Every event held, sorted by identity.
    public var allEvents: [ChangeEvent] {
        (eventsByOrigin.values.flatMap { $0.map(\.event) } + sparseByOrigin.values.flatMap { $0.map(\.event) } + importedByID.values.map(\.event))
            .sorted { $0.id < $1.id }
    }

    /// The digest computed from scratch: every dossier folded again from the
    /// events alone. Equal to `digest()` unless incremental upkeep has a bug.
    public func recomputedDigest() throws -> StateDigest {
        try Self.digest(ofEvents: allEvents)
    }

    /// The state digest of a set of events (any order): each dossier folded, hashed and summed.
    public static func digest(ofEvents events: [ChangeEvent]) throws -> StateDigest {
        var eventsByDossier: [String: [ChangeEvent]] = [:]
        for event in events { eventsByDossier[event.dossierCode, default: []].append(event) }
        var total = StateDigest.zero
        for code in eventsByDossier.keys.sorted() {
            if let dossier = try fold(eventsByDossier[code]!) { total = total.adding(digestTerm(of: dossier)) }
        }
        return total
    }

    /// A dossier's term in the state digest: the hash of its canonical stored JSON.
    public static func digestTerm(of dossier: Dossier) -> StateDigest {
        StateDigest.term(forStoredState: dossier.storedJSONBytes)
    }

    // MARK: - Storing

    private struct StoredEvent {
        var event: ChangeEvent
        var estimatedBytes: Int
    }

    /// A dossier's state after a fold, and the last event folded in (fold order).
    private struct FoldedDossier {
        var dossier: Dossier?
        var lastEvent: ChangeEvent
    }

    /// The state one call computes before committing it.
    private struct Staged {
        /// Events new to the log.
        var accepted: [ChangeEvent] = []
        /// Events held already that extend a stream here: one another tag's stream or an
        /// import brought, or (after a merger) one of a sparse stream now dense.
        var advancing: [ChangeEvent] = []
        var affectedCodes: [String] = []
        var refusals: [EventRefusal] = []
    }

    private func store(_ events: [ChangeEvent], faults: Faults, verifying: Bool) throws -> [ChangeEvent] {
        guard events.count <= Self.maxEventsPerApply else {
            throw InMemoryReplicaLogError.tooManyEvents(count: events.count, allowed: Self.maxEventsPerApply)
        }
        let staged = stage(events, verifying: verifying, faults: faults)
        if let refusal = staged.refusals.last {
            refusedRuns += staged.refusals.count
            lastRefusal = refusal
        }
        guard !staged.accepted.isEmpty else {
            for event in staged.advancing.sorted(by: { $0.id < $1.id }) { advance(over: event, versionVector: !faults.contains(.skipVersionVectorUpdate)) }
            return []
        }
        guard storedEventCount + staged.accepted.count <= Self.maxStoredEvents else {
            throw InMemoryReplicaLogError.logFull(stored: storedEventCount, allowed: Self.maxStoredEvents)
        }
        let refolded = faults.contains(.skipRefold) ? [:] : try refold(staged)
        commit(staged, refolded: refolded, advancingVersionVector: !faults.contains(.skipVersionVectorUpdate))
        return staged.accepted
    }

    /// Picks the events that extend their origin's contiguous prefix, taking each
    /// origin's events in sequence order whatever order they came in (as the
    /// SQLite log does): one already held is ignored, one after a gap is dropped.
    /// When `verifying`, each origin's run is then stored only as far as
    /// `EventAuthentication` vouches for it (local events are sealed here already).
    private func stage(_ events: [ChangeEvent], verifying: Bool, faults: Faults) -> Staged {
        var staged = Staged()
        var seenCodes: Set<String> = []
        let dense = events.filter { streams.holdsDensely($0.origin) }
        let verdicts = runs(extendingHeads: dense).map { run in
            verifying
                ? EventAuthentication.verify(
                    run, after: link(before: run[0].id), certificates: certificatesBySubject[run[0].origin] ?? [],
                    trust: signing.trust, revokedAfter: revocationCutoff(of: run[0].origin))
                : EventRunVerdict(accepted: run, refusal: nil)
        } + sparseVerdicts(events.filter { !streams.holdsDensely($0.origin) }, checkingTags: !faults.contains(.ignoreProvinceTags))
        var seenIDs: Set<EventID> = []
        for verdict in verdicts {
            if let refusal = verdict.refusal { staged.refusals.append(refusal) }
            for event in verdict.accepted where seenIDs.insert(event.id).inserted {
                guard storedEvent(event.id) == nil else {
                    staged.advancing.append(event)
                    continue
                }
                staged.accepted.append(event)
                if seenCodes.insert(event.dossierCode).inserted { staged.affectedCodes.append(event.dossierCode) }
            }
        }
        return staged
    }

    /// Per origin of another province (sorted), the received events of its sparse stream of
    /// this node's province that extend what is held, as far as `SparseStreamAuthentication`
    /// vouches for them. Events after a gap in the stream are dropped without a refusal (a
    /// lost push; a pull brings the missing ones), as the dense streams' are.
    private func sparseVerdicts(_ events: [ChangeEvent], checkingTags: Bool) -> [EventRunVerdict] {
        guard streams.isDivided else { return [] }
        guard checkingTags else { return [EventRunVerdict(accepted: events.sorted { $0.id < $1.id }, refusal: nil)] }
        let byOrigin = Dictionary(grouping: events, by: \.origin)
        return byOrigin.keys.sorted().compactMap { origin in
            let verdicts = SparseStreamRuns.split(byOrigin[origin]!, scope: streams).compactMap { sparseVerdict($0.events, origin: origin, tag: $0.tag) }
            guard verdicts.count > 1 else { return verdicts.first }
            // One origin's events in sequence order, each once: a stream's head then moves over
            // an event of two streams only once the event before it in that stream is in.
            var seen = Set<EventID>()
            let accepted = verdicts.flatMap(\.accepted).sorted { $0.sequence < $1.sequence }.filter { seen.insert($0.id).inserted }
            return EventRunVerdict(accepted: accepted, refusal: verdicts.compactMap(\.refusal).last)
        }
    }

    /// The run of `events` (of `origin`, tagged `tag`) that extends its sparse stream of that tag.
    private func sparseVerdict(_ events: [ChangeEvent], origin: String, tag: ProvinceCode) -> EventRunVerdict? {
        let head = sparseHeads[StreamScope.sparseKey(origin: origin, province: tag)] ?? .start
        var expected = head.sequence
        var run: [SparseStreamAuthentication.ReceivedEvent] = []
        for event in events.sorted(by: { $0.sequence < $1.sequence }) where event.sequence > expected {
            // An event of the stream that does not follow the last one taken is after a gap.
            if let tagged = event.tags.first(where: { $0.province == tag }), tagged.previousSequence != expected { break }
            run.append(.init(event: event, predecessorLink: event.predecessorLink))
            expected = event.sequence
        }
        guard !run.isEmpty else { return nil }
        return SparseStreamAuthentication.verify(
            run, stream: tag, head: head, certificates: certificatesBySubject[origin] ?? [], trust: signing.trust,
            revokedAfter: revocationCutoff(of: origin))
    }

    /// Per origin (sorted), the received events that extend its held prefix without a gap.
    private func runs(extendingHeads events: [ChangeEvent]) -> [[ChangeEvent]] {
        var runs: [[ChangeEvent]] = []
        var current: [ChangeEvent] = []
        for event in events.sorted(by: { ($0.origin, $0.sequence) < ($1.origin, $1.sequence) }) {
            if let last = current.last, last.origin != event.origin {
                runs.append(current)
                current = []
            }
            let head = current.last?.sequence ?? Int64(eventsByOrigin[event.origin]?.count ?? 0)
            if event.sequence == head + 1 { current.append(event) }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Folds every affected dossier again with its new events; throws, before
    /// anything is committed, if one of them does not fold.
    private func refold(_ staged: Staged) throws -> [String: FoldedDossier] {
        var newEventsByCode: [String: [ChangeEvent]] = [:]
        for event in staged.accepted { newEventsByCode[event.dossierCode, default: []].append(event) }
        var refolded: [String: FoldedDossier] = [:]
        for code in staged.affectedCodes {
            let newEvents = newEventsByCode[code]!.sorted(by: ChangeEvent.foldOrder)
            refolded[code] = try foldedState(of: code, adding: newEvents)
        }
        return refolded
    }

    /// A dossier's state with `newEvents` (in fold order) added. When they all
    /// sort after what was folded so far (the usual case: new steps come
    /// later) they are applied to the current state, which gives exactly what
    /// a fold from scratch gives; otherwise every event is folded again.
    private func foldedState(of code: String, adding newEvents: [ChangeEvent]) throws -> FoldedDossier {
        let last = newEvents.last!
        if var dossier = dossiers[code], let folded = lastFolded[code], ChangeEvent.foldOrder(folded, newEvents[0]) {
            for event in newEvents { DossierReducer.apply(event, to: &dossier) }
            return FoldedDossier(dossier: dossier, lastEvent: last)
        }
        let held = (eventIDsByDossier[code] ?? []).map { storedEvent($0)! }
        let all = held + newEvents
        let lastEvent = all.max { ChangeEvent.foldOrder($0, $1) }!
        return FoldedDossier(dossier: try Self.fold(all), lastEvent: lastEvent)
    }

    /// `imported`: the events are a dossier's history (`importHistory`), in no stream.
    private func commit(_ staged: Staged, refolded: [String: FoldedDossier], advancingVersionVector: Bool, imported: Bool = false) {
        // Held events a dense run passes over are placed in sequence order with the new ones.
        let advancing = Set(staged.advancing.map(\.id))
        let ordered = advancing.isEmpty ? staged.accepted : (staged.accepted + staged.advancing).sorted { $0.id < $1.id }
        for event in ordered {
            guard !advancing.contains(event.id) else {
                advance(over: event, versionVector: advancingVersionVector)
                continue
            }
            let stored = StoredEvent(event: event, estimatedBytes: event.estimatedEncodedBytes)
            if imported {
                importedByID[event.id] = stored
            } else {
                place(stored)
            }
            eventIDsByDossier[event.dossierCode, default: []].append(event.id)
            maxTimestamp = max(maxTimestamp, event.timestamp)
            if advancingVersionVector, !imported { advanceHeads(over: event) }
            indexIdempotencyKey(of: event)
        }
        storedEventCount += staged.accepted.count
        for code in staged.affectedCodes {
            guard let folded = refolded[code] else { continue }
            dossiers[code] = folded.dossier
            lastFolded[code] = folded.lastEvent
            staleTerms.insert(code)
        }
    }

    /// Puts a stored event in the stream it is held in: its origin's dense log, or its sparse
    /// stream (advancing the head of each tag this node follows).
    private func place(_ stored: StoredEvent) {
        let event = stored.event
        if streams.holdsDensely(event.origin) {
            eventsByOrigin[event.origin, default: []].append(stored)
            for tag in event.tags { taggedSequences[event.origin, default: [:]][tag.province, default: []].append(event.sequence) }
        } else {
            // Two tags' runs of one batch may interleave: the stream stays in sequence order.
            let index = sparseByOrigin[event.origin]?.lastIndex { $0.event.sequence < event.sequence }.map { $0 + 1 } ?? 0
            sparseByOrigin[event.origin, default: []].insert(stored, at: index)
            noteSparseHeads(of: event)
        }
    }

    private func noteSparseHeads(of event: ChangeEvent) {
        for key in streams.keys(extendedBy: event, heads: { self.sparseHeads[$0]?.sequence ?? 0 }) where (sparseHeads[key]?.sequence ?? 0) < event.sequence {
            sparseHeads[key] = StreamHead(sequence: event.sequence, link: event.chain)
        }
    }

    private func advanceHeads(over event: ChangeEvent) {
        for key in streams.keys(extendedBy: event, heads: { self.heads[$0] }) where heads[key] < event.sequence { heads.advance(key, to: event.sequence) }
    }

    /// Takes in an event held already that extends a stream (`Staged.advancing`): a sparse
    /// stream's head moves; an event of an origin held densely since a merger moves from
    /// its sparse stream or the imports into the dense log, which holds it in order.
    private func advance(over event: ChangeEvent, versionVector: Bool) {
        if streams.holdsDensely(event.origin) {
            let stored = StoredEvent(event: event, estimatedBytes: event.estimatedEncodedBytes)
            importedByID[event.id] = nil
            sparseByOrigin[event.origin]?.removeAll { $0.event.sequence == event.sequence }
            if sparseByOrigin[event.origin]?.isEmpty == true { sparseByOrigin[event.origin] = nil }
            place(stored)
        } else {
            noteSparseHeads(of: event)
        }
        if versionVector { advanceHeads(over: event) }
    }

    // MARK: - Province mergers

    /// Takes in the root's mergers (the core verified them): this log then follows the
    /// streams of its province as merged; the keys it no longer holds leave its vector.
    public func storeProvinceMerges(_ merges: [ProvinceMerge]) throws {
        for merge in merges {
            if let held = mergesByProvince[merge.from], held.issuedAtMs >= merge.issuedAtMs { continue }
            mergesByProvince[merge.from] = merge
            scope.learn(merges: [merge])
        }
        heads = streams.held(heads)
    }

    public func provinceMerges() throws -> [ProvinceMerge] {
        mergesByProvince.keys.sorted().map { mergesByProvince[$0]! }
    }

    /// Keeps what `event`'s key stands for unless the key stands for an earlier event
    /// (`HeldIdempotencyKey.supersedes`), as a node's store does.
    private func indexIdempotencyKey(of event: ChangeEvent) {
        guard let record = try? IdempotencyRecord(payload: event.payload) else { return }
        let name = IdempotencyKeyName(scope: record.scope, key: record.key)
        let held = HeldIdempotencyKey(record, of: event)
        if let existing = idempotencyKeys[name], !held.supersedes(existing) { return }
        idempotencyKeys[name] = held
    }

    /// What `scope`'s `key` stands for here, nil when no event held carries it.
    public func idempotencyKey(scope: String, key: String) -> HeldIdempotencyKey? {
        idempotencyKeys[IdempotencyKeyName(scope: scope, key: key)]
    }

    private struct IdempotencyKeyName: Hashable {
        let scope: String
        let key: String
    }

    private static func fold(_ events: [ChangeEvent]) throws -> Dossier? {
        do {
            return try DossierReducer.fold(events)
        } catch {
            throw InMemoryReplicaLogError.malformedEvent(error)
        }
    }

    private func storedEvent(_ id: EventID) -> ChangeEvent? {
        if let imported = importedByID[id] { return imported.event }
        // An origin held densely since a merger may keep sparse events beyond its dense head.
        if let sparse = sparseByOrigin[id.origin], let found = Self.find(id.sequence, in: sparse) { return found }
        guard let stored = eventsByOrigin[id.origin], id.sequence >= 1, id.sequence <= Int64(stored.count) else { return nil }
        return stored[Int(id.sequence - 1)].event
    }

    /// The event of `sequence` in a sparse stream's events (ascending), by binary search.
    private static func find(_ sequence: Int64, in stored: [StoredEvent]) -> ChangeEvent? {
        var low = 0, high = stored.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let found = stored[middle].event.sequence
            if found == sequence { return stored[middle].event }
            if found < sequence { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
