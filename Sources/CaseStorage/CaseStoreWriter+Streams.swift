import CaseCore
import CaseReplication
import CaseSQLite

/// Province streams in the store (docs/design/provinces.md): the index of which events
/// are tagged with which province, and the sparse streams of other provinces' origins.
extension CaseStoreWriter {
    /// `event` in the province streams it belongs to (`EventTagging`: the provinces of its
    /// dossier once it is added, each linked to the origin's previous event in that stream),
    /// when the node holds province streams and the event carries no tags yet; as it is
    /// otherwise (every event of a node without provinces: format 1).
    func tagged(_ event: ChangeEvent) throws -> ChangeEvent {
        guard let own = streams.province, event.tags.isEmpty else { return event }
        return try EventTagging.tagged(
            event, history: try reader.events(forDossier: event.dossierCode), directory: streams.directory, own: own,
            heads: try streamHeads(of: event.origin))
    }

    /// The last event of `origin` tagged with each province, and its chain link.
    private func streamHeads(of origin: String) throws -> [ProvinceCode: StreamHead] {
        var heads: [ProvinceCode: StreamHead] = [:]
        for row in try connection.query("SELECT province, MAX(seq) FROM event_tags WHERE origin = ? GROUP BY province", [.text(origin)]) {
            guard let province = ProvinceCode(try row.requiredText(0)) else { continue }
            let sequence = try row.requiredInteger(1)
            heads[province] = StreamHead(sequence: sequence, link: try reader.chainLink(origin: origin, sequence: sequence))
        }
        return heads
    }

    /// Records `event`'s tags in `event_tags`, in the transaction that stores it.
    func indexTags(of event: ChangeEvent) throws {
        try Self.index(event.tags, of: event.id, connection)
    }

    /// Migration 10: indexes the tags of the events already held (those stored since
    /// migration 9; older ones have none).
    static func indexHeldTags(_ db: SQLiteConnection) throws {
        for row in try db.query("SELECT origin, seq, tags FROM events WHERE tags IS NOT NULL") {
            let origin = try row.requiredText(0), sequence = try row.requiredInteger(1)
            let tags = try CaseStoreReader.tags(try row.optionalBlob(2), of: origin, sequence)
            try index(tags, of: EventID(origin: origin, sequence: sequence), db)
        }
    }

    /// One `event_tags` row per tag of the event `id`.
    private static func index(_ tags: [StreamTag], of id: EventID, _ db: SQLiteConnection) throws {
        for tag in tags {
            try db.execute(
                "INSERT INTO event_tags (province, origin, seq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [.text(tag.province.rawValue), .text(id.origin), .integer(id.sequence)])
        }
    }

    /// Applies received events of `origin`, an origin of another province, to each of its
    /// sparse streams this node holds: one per province tag that is this node's province now
    /// (`StreamScope.heldTags`; more than one after a merger). An event tagged with two of
    /// them is stored once and advances both streams.
    func extendSparseStreams(
        of origin: String, with received: [ChangeEvent], stored: inout [ChangeEvent], storedAsIs: inout Set<EventID>,
        divergent: inout [EventID]
    ) throws -> EventRefusal? {
        var refusal: EventRefusal?
        for run in SparseStreamRuns.split(received, scope: streams) {
            if let refused = try extendSparseStream(
                of: origin, tag: run.tag, with: run.events, stored: &stored, storedAsIs: &storedAsIs, divergent: &divergent) {
                refusal = refused
            }
        }
        return refusal
    }

    /// Applies received events of `origin` tagged `tag` (sorted by sequence) to its sparse
    /// stream of that tag: those held are compared, the run whose tags extend the stream is
    /// checked (`SparseStreamAuthentication`) and stored as far as it is vouched for, the
    /// stream's head (`o@tag` in the version vector) advanced. An event after a gap in the
    /// stream is dropped, as a dense origin's is. One held already in another way (another
    /// tag's stream, or imported as a dossier's history) is not stored twice.
    private func extendSparseStream(
        of origin: String, tag: ProvinceCode, with received: [ChangeEvent], stored: inout [ChangeEvent], storedAsIs: inout Set<EventID>,
        divergent: inout [EventID]
    ) throws -> EventRefusal? {
        let key = StreamScope.sparseKey(origin: origin, province: tag)
        let head = try nextSequence(origin: key) - 1
        var expected = head
        var run: [SparseStreamAuthentication.ReceivedEvent] = []
        for event in received {
            if event.sequence <= head {
                // Held if it is of the stream; one that is not was never for this node.
                if try isHeld(event.id), try !isStoredIdentically(event) { divergent.append(event.id) }
                continue
            }
            guard event.sequence > expected else { continue }
            if let tagged = event.tags.first(where: { $0.province == tag }), tagged.previousSequence != expected { break }
            run.append(.init(event: event, predecessorLink: event.predecessorLink))
            expected = event.sequence
        }
        guard !run.isEmpty else { return nil }
        let headLink = head > 0 ? try reader.chainLink(origin: origin, sequence: head) : []
        let verdict = SparseStreamAuthentication.verify(
            run, stream: tag, head: StreamHead(sequence: head, link: headLink),
            certificates: signing.trust == .unverified ? [] : try reader.certificates(of: origin), trust: signing.trust,
            revokedAfter: signing.trust == .unverified ? nil : try reader.revocationCutoff(of: origin))
        try store(verdict.accepted, stored: &stored, storedAsIs: &storedAsIs, divergent: &divergent)
        if let last = verdict.accepted.last { try setHead(of: key, to: last.sequence) }
        return verdict.refusal
    }

    /// Stores `accepted`, vouched-for events of one stream, except those already held: a
    /// held one is compared instead (`divergent` when it differs) and counted as stored
    /// only when it was stored earlier in this same call.
    func store(_ accepted: [ChangeEvent], stored: inout [ChangeEvent], storedAsIs: inout Set<EventID>, divergent: inout [EventID]) throws {
        for event in accepted {
            if try isHeld(event.id) {
                if try !isStoredIdentically(event) { divergent.append(event.id) }
                continue
            }
            if try insert(event) { storedAsIs.insert(event.id) }
            stored.append(event)
        }
    }

    /// Whether the log holds the event `id`, in any stream or imported.
    func isHeld(_ id: EventID) throws -> Bool {
        try !connection.query("SELECT 1 FROM events WHERE origin = ? AND seq = ?", [.text(id.origin), .integer(id.sequence)]).isEmpty
    }
}
