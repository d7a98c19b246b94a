/// Decides which refusals are worth a log line: for each kind of refusal and each client
/// address, the 1st, 2nd, 4th, 8th, … occurrence, each with the count so far. A client that
/// is refused 11,805 times in a row costs 14 lines, not 11,805, yet the first refusal of
/// every address is still logged, so an operator sees each new source of trouble at once.
///
/// Pure and bounded: it takes the time as an argument and tracks at most `maxTrackedKeys`
/// (kind, address) pairs. When all are taken by pairs refused within the last
/// `forgetAfterMs`, a new pair shares one pooled count per kind ("other addresses"), so even
/// an attacker cycling through more addresses than the table holds gets logarithmically
/// many lines. A pair quiet for `forgetAfterMs` starts counting again (a new burst is news)
/// and its entry may be given to a new pair.
public struct RefusalLogThrottle: Sendable {
    /// Why 1,024: more than the distinct addresses a province's nodes and its clerks'
    /// machines refused at once would plausibly show (a few hundred), so each keeps its own
    /// count; the table stays around 100 KB however many addresses an attack uses.
    public static let defaultMaxTrackedKeys = 1_024
    /// Why 10 minutes: a refusal after that long a silence is a new episode worth a line,
    /// and a flood's entry never ages out while the flood lasts.
    public static let defaultForgetAfterMs: Int64 = 600_000

    /// A refusal that gets a line: the how-many-th it is, and whether that count is the
    /// address's own or pooled with other addresses because the table is full.
    public struct Occurrence: Equatable, Sendable {
        public let count: Int
        public let isPooled: Bool

        public init(count: Int, isPooled: Bool) {
            self.count = count
            self.isPooled = isPooled
        }
    }

    private struct Key: Hashable, Sendable {
        let kind: String
        let address: String
    }

    private struct Entry: Sendable {
        var count: Int
        var lastMs: Int64
    }

    public let maxTrackedKeys: Int
    public let forgetAfterMs: Int64
    private var entries: [Key: Entry] = [:]
    /// Per kind; kinds are a handful of literals chosen by the code, never by a client.
    private var pooled: [String: Int] = [:]

    public init(maxTrackedKeys: Int = defaultMaxTrackedKeys, forgetAfterMs: Int64 = defaultForgetAfterMs) {
        precondition(maxTrackedKeys >= 1 && forgetAfterMs >= 1, "RefusalLogThrottle bounds must be positive")
        self.maxTrackedKeys = maxTrackedKeys
        self.forgetAfterMs = forgetAfterMs
    }

    /// Counts one refusal of `kind` from `address` at `nowMs`; the occurrence to log, or nil
    /// when this one stays silent.
    public mutating func record(kind: String, address: String, nowMs: Int64) -> Occurrence? {
        let key = Key(kind: kind, address: address)
        if var entry = entries[key] {
            if isForgotten(entry, nowMs: nowMs) { entry.count = 0 }
            entry.count += 1
            entry.lastMs = nowMs
            entries[key] = entry
            return Self.logged(entry.count, isPooled: false)
        }
        guard makeRoom(nowMs: nowMs) else {
            let count = (pooled[kind] ?? 0) + 1
            pooled[kind] = count
            return Self.logged(count, isPooled: true)
        }
        entries[key] = Entry(count: 1, lastMs: nowMs)
        return Occurrence(count: 1, isPooled: false)
    }

    /// Pairs tracked now (at most `maxTrackedKeys`).
    public var trackedKeyCount: Int { entries.count }

    /// Whether a new pair can have an entry: there is a free one, or the least recently
    /// refused pair has been quiet long enough to be given up.
    private mutating func makeRoom(nowMs: Int64) -> Bool {
        guard entries.count >= maxTrackedKeys else { return true }
        // A linear scan: bounded by maxTrackedKeys, and only when the table is full.
        guard let stalest = entries.min(by: { $0.value.lastMs < $1.value.lastMs }),
              isForgotten(stalest.value, nowMs: nowMs) else { return false }
        entries[stalest.key] = nil
        return true
    }

    private func isForgotten(_ entry: Entry, nowMs: Int64) -> Bool {
        nowMs - entry.lastMs >= forgetAfterMs
    }

    private static func logged(_ count: Int, isPooled: Bool) -> Occurrence? {
        count & (count - 1) == 0 ? Occurrence(count: count, isPooled: isPooled) : nil
    }
}
