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

    /// Applies received events of `origin`, an origin of another province, to its sparse
    /// stream of this node's province (sorted by sequence): those held are compared, the run
    /// whose tags extend the stream is checked (`SparseStreamAuthentication`) and stored as
    /// far as it is vouched for, the stream's head (`o@P` in the version vector) advanced.
    /// An event after a gap in the stream is dropped, as a dense origin's is.
    func extendSparseStream(
        of origin: String, with received: [ChangeEvent], stored: inout [ChangeEvent], storedAsIs: inout Set<EventID>,
        divergent: inout [EventID]
    ) throws -> EventRefusal? {
        guard let province = streams.province else { return nil }
        let key = streams.key(of: origin)
        let head = try nextSequence(origin: key) - 1
        var expected = head
        var run: [SparseStreamAuthentication.ReceivedEvent] = []
        for event in received {
            if event.sequence <= head {
                // Held if it is of the stream; one that is not was never for this node.
                if try reader.event(event.id) != nil, try !isStoredIdentically(event) { divergent.append(event.id) }
                continue
            }
            guard event.sequence > expected else { continue }
            if let tag = event.tags.first(where: { $0.province == province }), tag.previousSequence != expected { break }
            run.append(.init(event: event, predecessorLink: event.predecessorLink))
            expected = event.sequence
        }
        guard !run.isEmpty else { return nil }
        let headLink = head > 0 ? try reader.chainLink(origin: origin, sequence: head) : []
        let verdict = SparseStreamAuthentication.verify(
            run, stream: province, head: StreamHead(sequence: head, link: headLink),
            certificates: signing.trust == .unverified ? [] : try reader.certificates(of: origin), trust: signing.trust,
            revokedAfter: signing.trust == .unverified ? nil : try reader.revocationCutoff(of: origin))
        for event in verdict.accepted {
            if try insert(event) { storedAsIs.insert(event.id) }
            stored.append(event)
        }
        if let last = verdict.accepted.last { try setHead(of: key, to: last.sequence) }
        return verdict.refusal
    }
}
