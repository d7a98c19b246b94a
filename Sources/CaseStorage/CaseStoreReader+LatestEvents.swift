import CaseCore
import CaseSQLite

/// The latest events of the log, newest first, for admins (`GET /v1/events`, `casectl log`).
extension CaseStoreReader {
    /// The most events one call returns. Why 1,000: the API pages at most 500; a caller
    /// asking for more than twice that has a bug, and each event may carry a whole filing.
    public static let maxLatestEvents = 1_000

    /// The newest `limit` events held, optionally only those of one origin and/or one dossier,
    /// newest first: by hybrid logical clock, then origin and sequence, both descending.
    ///
    /// Every query walks an index backwards and stops after `limit` rows, so the cost grows with
    /// `limit` (and, unfiltered, with the number of origins), never with the size of the log.
    public func latestEvents(origin: String?, dossier: String?, limit: Int) throws -> [ChangeEvent] {
        precondition((1...Self.maxLatestEvents).contains(limit), "limit must be 1...\(Self.maxLatestEvents), got \(limit)")
        switch (origin, dossier) {
        case (_, let dossier?):
            // events_by_dossier (dossier, hlc, origin, seq) read backwards; a dossier has few events.
            var sql = "SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags, predecessor_link FROM events WHERE dossier = ?"
            var bindings: [SQLiteValue] = [.text(dossier)]
            if let origin {
                sql += " AND origin = ?"
                bindings.append(.text(origin))
            }
            sql += " ORDER BY hlc DESC, origin DESC, seq DESC LIMIT ?"
            return try connection.query(sql, bindings + [.integer(Int64(limit))]).map(Self.event)
        case (let origin?, nil):
            return try newestOfOrigin(origin, limit: limit)
        case (nil, nil):
            return try newestOfAllOrigins(limit: limit)
        }
    }

    /// One origin's newest events: the primary key (origin, seq) read backwards.
    static let newestOfOriginSQL = """
        SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags, predecessor_link FROM events
        WHERE origin = ? ORDER BY seq DESC LIMIT ?
        """

    private func newestOfOrigin(_ origin: String, limit: Int) throws -> [ChangeEvent] {
        try connection.query(Self.newestOfOriginSQL, [.text(origin), .integer(Int64(limit))]).map(Self.event)
    }

    /// The newest events over all origins without sorting the whole log (there is no index on
    /// hlc alone): an origin's sequence order is its clock order, since its node ticks its
    /// clock inside the write transaction that numbers the event, so the newest `limit`
    /// overall are among the newest `limit` of each origin. Each origin is read newest first
    /// and left as soon as its events are older than the `limit` newest kept so far, so
    /// quiet origins cost one row each.
    private func newestOfAllOrigins(limit: Int) throws -> [ChangeEvent] {
        let origins = try versionVector().keys.sorted()
        var newest: [ChangeEvent] = []
        let statement = try connection.cachedStatement(Self.newestOfOriginSQL)
        defer { statement.resetIgnoringLastStepError() }
        let columns = SQLiteColumnNames((0..<statement.columnCount).map(statement.columnName))
        for origin in origins {
            try statement.bind([.text(origin), .integer(Int64(limit))])
            var fromOrigin: [ChangeEvent] = []
            while try statement.step() {
                let row = SQLiteRow(values: statement.currentRowValues(), columns: columns)
                if newest.count == limit, let oldestKept = newest.last, try row.requiredInteger(2) < oldestKept.timestamp.storageValue {
                    break
                }
                fromOrigin.append(try Self.event(row))
            }
            newest = Array((newest + fromOrigin).sorted(by: Self.isNewer).prefix(limit))
        }
        return newest
    }

    /// The order of `latestEvents`: the reverse of the fold order.
    static func isNewer(_ lhs: ChangeEvent, _ rhs: ChangeEvent) -> Bool {
        ChangeEvent.foldOrder(rhs, lhs)
    }
}
