import CaseCore
import CaseReplication
import CaseSQLite

/// What replication reads from the event log: the events a peer lacks, and single events.
extension CaseStoreReader {
    /// The most events one call may return.
    /// Why 100,000: `ReplicationConfiguration.maxBatchEvents` is 500; a caller asking for
    /// 200 times that has a bug, and this many events are already tens of MB in memory.
    public static let maxEventsPerRequest = 100_000

    /// One origin's events in a sequence range, in order: a range scan of the index of the
    /// key (origin, seq), so its cost grows with the events returned, not with the log.
    static let eventsAfterSequenceSQL = """
        SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags, predecessor_link FROM events
        WHERE origin = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?
        """

    /// The events a holder of `vector` lacks: origin by origin (sorted), each in sequence
    /// order, stopping before `maxEvents` events or an estimated `maxBytes` would be passed
    /// (`ChangeEvent.estimatedEncodedBytes`, the estimate the in-memory log and the pushes of
    /// new events use too), but always at least one event when any is lacking.
    public func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        precondition(
            (1...Self.maxEventsPerRequest).contains(maxEvents),
            "maxEvents must be 1...\(Self.maxEventsPerRequest), got \(maxEvents)")
        precondition(maxBytes >= 1, "maxBytes must be positive, got \(maxBytes)")
        let held = VersionVector(try versionVector())
        var batch = EventBatchBuilder(maxEvents: maxEvents, maxBytes: maxBytes)
        for lack in vector.lacks(comparedTo: held) {
            // A sparse stream's key (`o@P`) names its origin's events held here: all of them.
            try collect(origin: StreamScope.origin(ofKey: lack.origin), after: lack.after, through: lack.through, into: &batch)
            if batch.isFull { break }
        }
        return batch.events
    }

    /// What this node can serve a node of another province whose sparse streams follow
    /// `tags` (its province and those merged into it, `ProvinceDirectory.streams(of:)`): for
    /// each origin it holds densely (`dense`) and each tag, `o@tag` → its last event so tagged
    /// within its dense stream. An origin dense here since a merger may have events beyond its
    /// dense head, held sparsely before: serving those would leave gaps in the stream.
    public func versionVector(servingTags tags: [ProvinceCode], dense: (String) -> Bool) throws -> VersionVector {
        var vector = VersionVector()
        for tag in tags {
            for row in try connection.query(
                """
                SELECT t.origin, MAX(t.seq) FROM event_tags t JOIN version_vector v ON v.origin = t.origin
                WHERE t.province = ? AND t.seq <= v.seq GROUP BY t.origin ORDER BY t.origin
                """, [.text(tag.rawValue)]) {
                let origin = try row.requiredText(0)
                guard dense(origin) else { continue }
                vector.advance(StreamScope.sparseKey(origin: origin, province: tag), to: try row.requiredInteger(1))
            }
        }
        return vector
    }

    /// The events of the streams `tags` that a node following them, holding `vector` (in
    /// its keys), lacks, of the origins this node holds densely, stream keys sorted, each in
    /// sequence order, each with its predecessor's link; bounded as
    /// `events(missingFrom:maxEvents:maxBytes:)`.
    public func events(
        missingFrom vector: VersionVector, servingTags tags: [ProvinceCode], dense: (String) -> Bool, maxEvents: Int, maxBytes: Int
    ) throws -> [ChangeEvent] {
        precondition((1...Self.maxEventsPerRequest).contains(maxEvents) && maxBytes >= 1, "a batch bound must allow at least one event")
        var batch = EventBatchBuilder(maxEvents: maxEvents, maxBytes: maxBytes)
        let mine = try versionVector(servingTags: tags, dense: dense)
        for lack in vector.lacks(comparedTo: mine) {
            let origin = StreamScope.origin(ofKey: lack.origin)
            // Every key of `mine` names its tag.
            guard let tag = StreamScope.tag(ofKey: lack.origin) else { continue }
            let rows = try connection.query(
                """
                SELECT e.origin, e.seq, e.hlc, e.dossier, e.kind, e.actor, e.centre, e.payload, e.chain, e.signature, e.tags, e.predecessor_link
                FROM event_tags t JOIN events e ON e.origin = t.origin AND e.seq = t.seq
                WHERE t.province = ? AND t.origin = ? AND t.seq > ? AND t.seq <= ? ORDER BY t.seq LIMIT ?
                """, [.text(tag.rawValue), .text(origin), .integer(lack.after), .integer(lack.through), .integer(Int64(batch.remainingEvents))])
            for row in rows {
                var event = try Self.event(row, parsingPayload: false)
                event.predecessorLink = try chainLink(origin: origin, sequence: event.sequence - 1)
                if !batch.take(event, estimatedBytes: event.estimatedEncodedBytes) { return batch.events }
            }
        }
        return batch.events
    }

    /// The event with this identity, if this node holds it.
    public func event(_ id: EventID) throws -> ChangeEvent? {
        let rows = try connection.query(
            """
            SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags, predecessor_link FROM events
            WHERE origin = ? AND seq = ?
            """, [.text(id.origin), .integer(id.sequence)])
        return try rows.first.map(Self.event)
    }

    /// Streams one origin's events into `batch` until the range ends or the batch is full.
    private func collect(origin: String, after: Int64, through: Int64, into batch: inout EventBatchBuilder) throws {
        let statement = try connection.cachedStatement(Self.eventsAfterSequenceSQL)
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind([.text(origin), .integer(after), .integer(through), .integer(Int64(batch.remainingEvents))])
        let columns = SQLiteColumnNames((0..<statement.columnCount).map(statement.columnName))
        while try statement.step() {
            let row = SQLiteRow(values: statement.currentRowValues(), columns: columns)
            let event = try Self.event(row, parsingPayload: false)
            let size = event.estimatedEncodedBytes
            guard batch.admits(estimatedBytes: size) else { return }
            batch.append(event, estimatedBytes: size)
            if batch.isFull { return }
        }
    }
}
