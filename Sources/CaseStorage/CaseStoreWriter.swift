import CaseCore
import CaseSupport
import CaseWire
import CaseReplication
import CaseSQLite

/// Write operations on a node database, inside the write transaction `CaseStore.write` opened.
public struct CaseStoreWriter {
    let connection: SQLiteConnection
    /// How this node's events are signed and received ones checked.
    let signing: EventSigning
    /// Which streams the node holds (`CaseStore.liveStreams`), read at each use: a
    /// certificate kept earlier in the transaction places its centre for what follows.
    let liveStreams: LiveStreamScope
    var streams: StreamScope { liveStreams.current }

    init(connection: SQLiteConnection, signing: EventSigning = .none, streams: LiveStreamScope = LiveStreamScope(.single)) {
        self.connection = connection
        self.signing = signing
        self.liveStreams = streams
    }

    /// Reads see this transaction's own writes.
    public var reader: CaseStoreReader { CaseStoreReader(connection: connection) }

    /// Reserves the next dossier-code sequence for `agency` on `day`.
    /// Refuses once the day's 9,999 are used: wrapping would reuse a citizen's code.
    public func reserveDailySequence(agency: String, day: CivilDate) throws -> Int {
        let rows = try connection.query(
            "SELECT last FROM daily_sequences WHERE agency = ? AND day = ?", [.text(agency), .text(day.iso)])
        let next = Int(rows.first?.integer(0) ?? 0) + 1
        guard next <= DossierCode.maxDailySequence else {
            throw DailySequenceExhausted(agency: agency, day: day)
        }
        try connection.execute(
            """
            INSERT INTO daily_sequences (agency, day, last) VALUES (?, ?, ?)
            ON CONFLICT (agency, day) DO UPDATE SET last = excluded.last
            """, [.text(agency), .text(day.iso), .integer(Int64(next))])
        return next
    }

    /// The sequence the next event written by `origin` gets: one past what is held.
    public func nextSequence(origin: String) throws -> Int64 {
        let rows = try connection.query("SELECT seq FROM version_vector WHERE origin = ?", [.text(origin)])
        return (rows.first?.integer(0) ?? 0) + 1
    }

    /// Appends an event that extends its origin's log by exactly one, and advances the version vector with it.
    /// Returns the event as stored: linked into its origin's chain and, when it is this
    /// node's own, signed (`EventSigning`); that is the form to replicate.
    @discardableResult
    public func append(_ event: ChangeEvent) throws -> ChangeEvent {
        let expected = try nextSequence(origin: event.origin)
        precondition(event.sequence == expected, "event \(event.id) would leave a gap: expected sequence \(expected)")
        try EventTooLarge.check(event)
        let previousLink = try reader.chainLink(origin: event.origin, sequence: event.sequence - 1)
        var sealed = signing.seal(try tagged(event), after: previousLink)
        // Other provinces receive it in a sparse stream, without the event before it.
        if streams.isDivided { sealed.predecessorLink = previousLink }
        try insert(sealed)
        try setHead(of: event.origin, to: event.sequence)
        try notePendingImports(after: [sealed])
        return sealed
    }

    /// Inserts one event row, and indexes what it carries (`indexFacts`); the caller has
    /// checked that it extends its origin's log.
    /// Returns whether the row holds the event's text exactly (every text field provably
    /// NFC already, see `CanonicalText.isCanonicalAsIs`), so it reads back equal to `event`.
    @discardableResult
    func insert(_ event: ChangeEvent) throws -> Bool {
        let statement = try connection.cachedStatement(
            "INSERT INTO events (origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags, predecessor_link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        defer { statement.resetIgnoringLastStepError() }
        let (payload, payloadAsIs) = Self.storedPayload(of: event)
        try statement.bind([
            .text(event.origin), .integer(event.sequence), .integer(event.timestamp.storageValue),
            .text(event.dossierCode), .text(event.kind.rawValue), .text(event.actor), .text(event.centre),
            payload, event.chain.isEmpty ? .null : .blob(event.chain), event.signature.isEmpty ? .null : .blob(event.signature),
            event.tags.isEmpty ? .null : .blob(StreamTagEncoding.encoded(event.tags)),
            event.predecessorLink.isEmpty ? .null : .blob(event.predecessorLink),
        ])
        try statement.run()
        try indexTags(of: event)
        try indexFacts(of: event)
        return payloadAsIs && [event.origin, event.dossierCode, event.actor, event.centre].allSatisfy(CanonicalText.isCanonicalAsIs)
    }

    /// The payload text an events row holds, as the value bound: the canonical JSON in NFC.
    /// Nearly always the event's own bytes, proven NFC, bound as they are; text that NFC
    /// changes is written again from its normalised value, so that every stored payload
    /// stays canonical JSON and can be shipped as it is. Also says whether the text is
    /// `CanonicalText.isCanonicalAsIs`, known without scanning it again.
    static func storedPayload(of event: ChangeEvent) -> (value: SQLiteValue, asIs: Bool) {
        if let canonical = event.canonicalPayload ?? CanonicalUTF8(checking: event.payloadJSON) { return (.canonicalText(canonical), true) }
        let (text, asIs) = normalisedPayloadText(of: event)
        return (.text(text), asIs)
    }

    /// The payload of text that NFC changes, parsed and written again from its normalised value.
    private static func normalisedPayloadText(of event: ChangeEvent) -> (text: String, asIs: Bool) {
        let text = String(decoding: event.payloadJSON, as: UTF8.self).nfcNormalized
        let stored = (try? JSONParser().parse(Array(text.utf8))).map { JSONWriter.string($0) } ?? text
        return (stored, CanonicalText.isCanonicalAsIs(stored))
    }

    /// Records that `origin`'s log is held without gaps up to `sequence`.
    func setHead(of origin: String, to sequence: Int64) throws {
        try connection.execute(
            "INSERT INTO version_vector (origin, seq) VALUES (?, ?) ON CONFLICT (origin) DO UPDATE SET seq = excluded.seq",
            [.text(origin), .integer(sequence)])
    }

    /// Stores a dossier's derived state (replacing what was there) and updates the node's
    /// `StateDigest` to match, in the caller's transaction.
    public func save(_ dossier: Dossier) throws {
        var digest = try StoredStateDigest.read(connection)
        try save(dossier, updating: &digest)
        try StoredStateDigest.write(digest, connection)
    }

    /// `save` for many dossiers in one transaction: the caller reads the digest once,
    /// passes it to every save, and writes it back once (see `StoredStateDigest`).
    /// `isNew`: the caller knows no row exists for it (all its events were stored in this
    /// transaction), so there is no old state to take out of the digest.
    func save(_ dossier: Dossier, updating digest: inout StateDigest, isNew: Bool = false) throws {
        // Normalised as the SQLite layer would when binding (it then finds nothing left to do),
        // so the digest term is of exactly the stored bytes without reading them back.
        let stored = PreparedFiling.stored(dossier)
        try save(
            dossier, storedBytes: stored.bytes, canonical: stored.canonical, term: stored.term,
            nameKeys: NameKeys(fullName: dossier.applicant.fullName),
            updating: &digest, isNew: isNew)
    }

    /// `save` with the state's stored bytes (`storedJSONBytes` in NFC), their proof of NFC
    /// when they have one, their digest term and the name keys already worked out (`PreparedFiling`).
    func save(
        _ dossier: Dossier, storedBytes: [UInt8], canonical: CanonicalUTF8?, term: StateDigest, nameKeys: NameKeys,
        updating digest: inout StateDigest, isNew: Bool
    ) throws {
        if !isNew, let old = try connection.scalar("SELECT state FROM dossiers WHERE code = ?", [.text(dossier.code)]) {
            digest = digest.subtracting(try Self.stateTerm(old, code: dossier.code))
        }
        let state: SQLiteValue = canonical.map { .canonicalText($0) } ?? .text(String(decoding: storedBytes, as: UTF8.self))
        try connection.execute(
            """
            INSERT OR REPLACE INTO dossiers (code, status, procedure_code, receiving_centre, competent_centre,
                handling_centre, received_at, due_at, original_due_at, finished_at, id_number, name_key, sort_key,
                version, conflict_count, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(dossier.code), .text(dossier.status.rawValue), .text(dossier.procedureCode),
                .text(dossier.receivingCentre), .text(dossier.competentCentre), .text(dossier.handlingCentre),
                .integer(dossier.receivedAt.millisecondsSinceEpoch), .integer(dossier.dueAt.millisecondsSinceEpoch),
                .integer(dossier.originalDueAt.millisecondsSinceEpoch),
                dossier.finishedAt.map { .integer($0.millisecondsSinceEpoch) } ?? .null,
                .text(dossier.applicant.idNumber), .text(nameKeys.search), .text(nameKeys.sort),
                .integer(Int64(dossier.version)), .integer(Int64(dossier.conflicts.count)),
                state,
            ])
        digest = digest.adding(term)
    }

    private static func stateTerm(_ state: SQLiteValue, code: String) throws -> StateDigest {
        guard case .text(let text) = state else {
            throw StoreCorruption("dossier \(code) has a state that is not text: \(state)")
        }
        return StoredStateDigest.term(ofStoredState: text)
    }
}

/// A unit has used all 9,999 dossier codes of one day.
public struct DailySequenceExhausted: Error, CustomStringConvertible {
    public let agency: String
    public let day: CivilDate

    public var description: String {
        "agency \(agency) has already received \(DossierCode.maxDailySequence) dossiers on \(day.iso), the most a dossier code can number in one day; file the rest tomorrow or at another unit"
    }
}

extension CaseStoreWriter {
    public func setMeta(_ key: String, _ value: String) throws {
        try connection.execute(
            "INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }
}

/// A local event that peers would refuse to receive (beyond the peer protocol's
/// bounds). Storing it would block its origin's replication for good, so it is
/// refused before it is written, and the request that made it fails.
public struct EventTooLarge: Error, CustomStringConvertible {
    public let event: EventID
    public let what: String

    static func check(_ event: ChangeEvent) throws {
        let payloadBytes = event.payloadJSON.count
        if payloadBytes > PeerMessageCodecLimits.maxEventPayloadBytes {
            throw EventTooLarge(event: event.id, what: "its data is \(payloadBytes) bytes; at most \(PeerMessageCodecLimits.maxEventPayloadBytes) can be replicated")
        }
        if event.actor.utf8.count > PeerMessageCodecLimits.maxActorBytes {
            throw EventTooLarge(event: event.id, what: "its actor is \(event.actor.utf8.count) bytes; at most \(PeerMessageCodecLimits.maxActorBytes) can be replicated")
        }
    }

    public var description: String { "the change is too large to replicate: \(what); nothing was saved" }
}
