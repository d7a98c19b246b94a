import CaseCore
import CaseSQLite

/// Digests recomputed from the stored rows, by range of dossier codes, for `casectl verify`.
///
/// Every value here is computed afresh from the `state` column (SHA-256 of the stored
/// text, summed as a `StateDigest`), never taken from the maintained accumulator: a row
/// changed behind casenode's back (a bad restore, an edit with the sqlite3 shell, a disk
/// fault SQLite did not catch) shows up as a difference. Each query is a range scan of
/// the primary key, so its cost grows with the rows in the range, not with the table.
extension CaseStoreReader {
    /// The most parts one range is split into. Why 64: with 64 parts a million dossiers
    /// narrow to ranges of a thousand in two rounds, and the answer stays a few KB.
    public static let maxDigestParts = 64
    /// The most per-dossier hashes one call lists. Why 1,000: about 100 KB of JSON, quick
    /// to ship and compare; larger ranges are narrowed with `digestParts` first.
    public static let maxListedDossierHashes = 1_000

    /// The digests of `range` split into up to `parts` consecutive parts of roughly equal
    /// count, with boundaries taken from the codes themselves. The parts cover the range
    /// exactly (the first starts at its `from`, the last ends at its `to`, each ends where
    /// the next begins), so they sum to the range's digest; an empty range is one empty part.
    public func digestParts(of range: CodeRange, parts: Int) throws -> [RangeDigest] {
        precondition((1...Self.maxDigestParts).contains(parts), "parts must be 1...\(Self.maxDigestParts), got \(parts)")
        // One part needs no count: a single pass over the rows.
        let total = parts == 1 ? 0 : try dossierCount(in: range)
        let partCount = max(1, min(parts, total))
        var splitter = RangeDigestSplitter(range: range, total: total, parts: partCount)
        try forEachStoredState(in: range, limit: nil) { code, state in
            splitter.add(code: code, term: StoredStateDigest.term(ofStoredState: state))
        }
        return splitter.finish()
    }

    /// How many dossiers the range holds.
    public func dossierCount(in range: CodeRange) throws -> Int {
        let (condition, bindings) = Self.condition(for: range)
        return Int(try connection.scalarInt64("SELECT count(*) FROM dossiers \(condition)", bindings) ?? 0)
    }

    /// Each dossier's code and the SHA-256 of its stored state, in code order; nil when
    /// the range holds more than `limit` dossiers (the caller narrows the range instead).
    public func dossierHashes(in range: CodeRange, limit: Int) throws -> [(code: String, hash: StateDigest)]? {
        precondition((1...Self.maxListedDossierHashes).contains(limit), "limit must be 1...\(Self.maxListedDossierHashes), got \(limit)")
        var hashes: [(code: String, hash: StateDigest)] = []
        hashes.reserveCapacity(min(limit, 64))
        // One row past the limit says "too many" without counting the whole range.
        try forEachStoredState(in: range, limit: limit + 1) { code, state in
            hashes.append((code, StoredStateDigest.term(ofStoredState: state)))
        }
        return hashes.count > limit ? nil : hashes
    }

    /// Streams the range's rows in code order (a node may hold millions: never materialised).
    private func forEachStoredState(in range: CodeRange, limit: Int?, _ body: (String, String) throws -> Void) throws {
        let (condition, bindings) = Self.condition(for: range)
        let limitClause = limit == nil ? "" : " LIMIT ?"
        let statement = try connection.cachedStatement("SELECT code, state FROM dossiers \(condition) ORDER BY code\(limitClause)")
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind(bindings + (limit.map { [.integer(Int64($0))] } ?? []))
        while try statement.step() {
            guard let code = statement.string(0), let state = statement.string(1) else {
                throw StoreCorruption("a dossier row in \(range) has no code or no state")
            }
            try body(code, state)
        }
    }

    /// The WHERE clause selecting `range` on the primary key (BINARY collation, as `CodeRange` compares).
    private static func condition(for range: CodeRange) -> (String, [SQLiteValue]) {
        switch (range.from, range.to) {
        case (nil, nil): return ("", [])
        case (let from?, nil): return ("WHERE code >= ?", [.text(from)])
        case (nil, let to?): return ("WHERE code < ?", [.text(to)])
        case (let from?, let to?): return ("WHERE code >= ? AND code < ?", [.text(from), .text(to)])
        }
    }
}

/// Cuts a stream of (code, term) in code order into `parts` parts of roughly equal count.
struct RangeDigestSplitter {
    private let range: CodeRange
    private let total: Int
    private let parts: Int
    private var finished: [RangeDigest] = []
    private var partFrom: String?
    private var partCount = 0
    private var partDigest = StateDigest.zero
    private var seen = 0

    init(range: CodeRange, total: Int, parts: Int) {
        self.range = range
        self.total = total
        self.parts = parts
        partFrom = range.from
    }

    /// Row `seen` starts part p when it is the first of that part's share: p · total / parts.
    mutating func add(code: String, term: StateDigest) {
        let next = finished.count + 1
        if next < parts, seen == next * total / parts {
            finished.append(RangeDigest(range: CodeRange(from: partFrom, to: code), count: partCount, digest: partDigest))
            partFrom = code
            partCount = 0
            partDigest = .zero
        }
        partCount += 1
        partDigest = partDigest.adding(term)
        seen += 1
    }

    func finish() -> [RangeDigest] {
        finished + [RangeDigest(range: CodeRange(from: partFrom, to: range.to), count: partCount, digest: partDigest)]
    }
}
