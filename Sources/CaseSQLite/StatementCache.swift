/// Prepared statements of one connection, keyed by their SQL, least recently used evicted first.
///
/// Preparing is the costly part of running small statements; casestore runs the same few SQL
/// strings over and over, so each is prepared once per connection.
struct StatementCache {
    private var entries: [String: (statement: Statement, lastUse: UInt64)] = [:]
    private var useCounter: UInt64 = 0
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "statement cache capacity must be positive")
        self.capacity = capacity
    }

    var count: Int { entries.count }

    /// The cached statement for `sql`, or one made by `prepare` and cached.
    mutating func statement(for sql: String, prepare: (String) throws -> Statement) rethrows -> Statement {
        useCounter += 1
        // One lookup for a hit: hashing the SQL text (hundreds of bytes for an insert) twice
        // per execution was a few percent of applying a replicated event.
        if let index = entries.index(forKey: sql) {
            entries.values[index].lastUse = useCounter
            return entries.values[index].statement
        }
        let statement = try prepare(sql)
        if entries.count >= capacity { evictLeastRecentlyUsed() }
        entries[sql] = (statement, useCounter)
        return statement
    }

    /// Drops every statement (each finalizes itself once no caller holds it).
    mutating func removeAll() {
        entries.removeAll()
    }

    private mutating func evictLeastRecentlyUsed() {
        // A linear scan is fine: the capacity is small (see SQLiteLimits.statementCacheCapacity).
        guard let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return }
        entries[oldest.key] = nil
    }
}
