/// How many wrong lookups (wrong PIN or unknown code: the same thing to the caller) are
/// allowed, per client address and per dossier code, before lookups are refused with 429.
/// Pure: the caller passes the time and keeps the value under a lock (`LookupGuard`).
///
/// An attempt is counted when it is admitted, before the PIN is checked, and taken back
/// (`forgive`) when the PIN was right: so concurrent guesses cannot all slip in under the
/// limit, and a right PIN never uses up the allowance. Only failures count toward the limits.
public struct LookupAttemptLimiter: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Wrong attempts one client address may make per `addressWindowMs`.
        public var perAddress: Int
        public var addressWindowMs: Int64
        /// Wrong attempts on one dossier code, from all addresses together, per `codeWindowMs`.
        public var perCode: Int
        public var codeWindowMs: Int64
        /// Most addresses and codes tracked at once; past it the least recently failing is forgotten.
        public var maxTrackedAddresses: Int
        public var maxTrackedCodes: Int

        /// Why these numbers:
        /// - 10 a minute per address: a citizen who mistypes a few times is never stopped,
        ///   while one address needs about 35 days on average to hit one PIN of 10^6.
        /// - 20 an hour per code: bounds a botnet of many addresses to 480 guesses a day on
        ///   one dossier (about 3 years on average to find its PIN); the price is that a
        ///   stranger can block one dossier's lookup for an hour, which costs the citizen a
        ///   call to the centre, never the dossier.
        /// - 10,000 addresses and codes: far more than a commune centre's citizens look up
        ///   at once, and a few megabytes at most (each keeps at most its limit of times).
        public static let standard = Limits(
            perAddress: 10, addressWindowMs: 60_000, perCode: 20, codeWindowMs: 3_600_000,
            maxTrackedAddresses: 10_000, maxTrackedCodes: 10_000)

        public init(perAddress: Int, addressWindowMs: Int64, perCode: Int, codeWindowMs: Int64, maxTrackedAddresses: Int, maxTrackedCodes: Int) {
            precondition(perAddress >= 1 && perCode >= 1 && addressWindowMs >= 1 && codeWindowMs >= 1, "lookup limits must be positive")
            precondition(maxTrackedAddresses >= 1 && maxTrackedCodes >= 1, "the limiter must track at least one address and code")
            self.perAddress = perAddress
            self.addressWindowMs = addressWindowMs
            self.perCode = perCode
            self.codeWindowMs = codeWindowMs
            self.maxTrackedAddresses = maxTrackedAddresses
            self.maxTrackedCodes = maxTrackedCodes
        }
    }

    public enum Admission: Equatable, Sendable {
        /// Go on and check the PIN; the attempt is counted until `forgive` takes it back.
        case admitted
        /// Refused: too many wrong attempts; try again after this many seconds (at least 1).
        case refused(retryAfterSeconds: Int64)
    }

    public let limits: Limits
    private var addresses: FailureWindows
    private var codes: FailureWindows

    public init(limits: Limits = .standard) {
        self.limits = limits
        addresses = FailureWindows(limit: limits.perAddress, windowMs: limits.addressWindowMs, maxKeys: limits.maxTrackedAddresses)
        codes = FailureWindows(limit: limits.perCode, windowMs: limits.codeWindowMs, maxKeys: limits.maxTrackedCodes)
    }

    /// Admits an attempt from `address` on `code` at `nowMs` and counts it, or refuses it
    /// when either already has its limit of wrong attempts in its window.
    public mutating func admit(address: String, code: String, nowMs: Int64) -> Admission {
        let waits = [addresses.waitMs(address, nowMs: nowMs), codes.waitMs(code, nowMs: nowMs)].compactMap { $0 }
        if let wait = waits.max() { return .refused(retryAfterSeconds: max(1, (wait + 999) / 1_000)) }
        addresses.record(address, nowMs: nowMs)
        codes.record(code, nowMs: nowMs)
        return .admitted
    }

    /// Takes back the attempt admitted at `admittedAtMs`: its PIN was right.
    public mutating func forgive(address: String, code: String, admittedAtMs: Int64) {
        addresses.remove(address, at: admittedAtMs)
        codes.remove(code, at: admittedAtMs)
    }

    /// How many keys are tracked (for tests of the bounds).
    public var trackedCounts: (addresses: Int, codes: Int) { (addresses.count, codes.count) }
}

/// Per key, the times of its recent failures (at most `limit` of them, oldest first).
struct FailureWindows: Sendable {
    let limit: Int
    let windowMs: Int64
    let maxKeys: Int
    private var times: [String: [Int64]] = [:]

    init(limit: Int, windowMs: Int64, maxKeys: Int) {
        self.limit = limit
        self.windowMs = windowMs
        self.maxKeys = maxKeys
    }

    var count: Int { times.count }

    /// Nil when `key` may try again now, else how long until its oldest failure leaves the window.
    mutating func waitMs(_ key: String, nowMs: Int64) -> Int64? {
        guard var recent = times[key] else { return nil }
        recent.removeAll { $0 <= nowMs - windowMs }
        times[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return oldest + windowMs - nowMs
    }

    mutating func record(_ key: String, nowMs: Int64) {
        if times[key] == nil, times.count >= maxKeys { makeRoom(nowMs: nowMs) }
        times[key, default: []].append(nowMs)
    }

    mutating func remove(_ key: String, at timeMs: Int64) {
        guard var recent = times[key], let index = recent.lastIndex(of: timeMs) else { return }
        recent.remove(at: index)
        times[key] = recent.isEmpty ? nil : recent
    }

    /// Drops every key whose failures have all expired; if none has, the key whose last
    /// failure is oldest. O(keys), paid only when the table is full.
    private mutating func makeRoom(nowMs: Int64) {
        times = times.filter { $0.value.last.map { $0 > nowMs - windowMs } ?? false }
        guard times.count >= maxKeys,
              let stalest = times.min(by: { ($0.value.last ?? 0, $0.key) < ($1.value.last ?? 0, $1.key) })?.key else { return }
        times[stalest] = nil
    }
}
