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
        SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags FROM events
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
            try collect(origin: lack.origin, after: lack.after, through: lack.through, into: &batch)
            if batch.isFull { break }
        }
        return batch.events
    }

    /// The event with this identity, if this node holds it.
    public func event(_ id: EventID) throws -> ChangeEvent? {
        let rows = try connection.query(
            """
            SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags FROM events
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
