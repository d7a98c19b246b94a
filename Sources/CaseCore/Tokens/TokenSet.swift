/// The replicated token registry's contents: records by key (`TokenKey`), merged as a
/// grow-only set whose revocations win, with a digest two nodes compare to see whether
/// they differ. Local tokens (`TokenProvenance.local`) never enter it: they are not
/// replicated.
///
/// Bounds, each applied the same way at every node so that every node converges:
/// - legacy records: at most `TokenLimits.maxLegacyRecords`; a merge past it is refused
///   whole, as before signed tokens;
/// - signed records: at most `TokenLimits.maxRecordsPerIssuer` per issuer. An issuer past
///   its bound keeps its oldest records (`TokenRecord.precedesInIssuerOrder`) and the rest
///   are dropped, so a flood from one key costs only that key's own tokens. Keeping the
///   first N of a fixed order of everything seen is the same whatever order records
///   arrive in, so nodes that saw different parts of a flood still agree;
/// - signed records of all issuers: at most `TokenLimits.maxSignedRecords`; a merge past
///   it is refused whole.
///
/// A value with no I/O: the node's `TokenRegistry` persists what `merge` reports.
public struct TokenSet: Equatable, Sendable {
    public private(set) var records: [TokenKey: TokenRecord] = [:]
    /// Kept up to date by every change, so a sync tick costs no hashing.
    public private(set) var digest = TokenDigest(records: [])
    private var keysByID: [String: [TokenKey]] = [:]
    private var signedByIssuer: [[UInt8]: Int] = [:]
    private var legacyCount = 0

    public init() {}

    /// The records given, merged as if they arrived one by one. Throws as `merge`.
    public init(_ records: [TokenRecord]) throws(TokenMergeRefusal) {
        try merge(records)
    }

    /// Sorted by key: the order of the digest and of sync messages.
    public var sorted: [TokenRecord] { records.keys.sorted().map { records[$0]! } }

    public var count: Int { records.count }

    /// The records of this id: one, except after an issuer-bound id clash (a 64-bit
    /// search by another issuer), when authentication compares the secret with each.
    public func records(withID id: String) -> [TokenRecord] {
        (keysByID[id] ?? []).sorted().compactMap { records[$0] }
    }

    /// The record of this id (the first by key if several issuers hold one).
    public subscript(id: String) -> TokenRecord? { records(withID: id).first }

    public subscript(key: TokenKey) -> TokenRecord? { records[key] }

    /// Signed records `issuer` holds in the registry, live and revoked.
    public func count(issuedBy issuer: SigningPublicKey) -> Int { signedByIssuer[issuer.bytes] ?? 0 }

    /// Signed records of all issuers.
    public var signedCount: Int { records.count - legacyCount }

    /// Merges `incoming` and returns what changed: records new or different (sorted by
    /// key), and records dropped by their issuer's bound.
    ///
    /// All or nothing: an invalid or a local record, a key twice in `incoming`, or more
    /// legacy or signed records than their bounds throws and changes nothing.
    @discardableResult
    public mutating func merge(_ incoming: [TokenRecord]) throws(TokenMergeRefusal) -> TokenSetChange {
        var next = self
        var touched = Set<TokenKey>()
        var touchedIssuers = Set<[UInt8]>()
        for record in incoming {
            try Self.checkEntering(record)
            guard touched.insert(record.key).inserted else {
                throw TokenMergeRefusal(reason: "token \(record.key) appears twice in one batch")
            }
            next.put(records[record.key].map { $0.merged(with: record) } ?? record)
            if let issuer = record.issuer { touchedIssuers.insert(issuer.bytes) }
        }
        let evicted = touchedIssuers.flatMap { next.keepIssuerBound($0) }
        try next.checkTotals()
        let change = TokenSetChange(
            changed: touched.compactMap { next.records[$0] }.filter { records[$0.key] != $0 }.sorted { $0.key < $1.key },
            evicted: evicted.compactMap { records[$0] }.sorted { $0.key < $1.key })
        guard !change.isEmpty else { return change }
        next.digest = TokenDigest(records: next.sorted)
        self = next
        return change
    }

    private static func checkEntering(_ record: TokenRecord) throws(TokenMergeRefusal) {
        do {
            try record.validate()
        } catch {
            throw TokenMergeRefusal(reason: "token record \(String(reflecting: String(record.id.prefix(40)))) is invalid: \(error)")
        }
        if record.provenance == .local {
            throw TokenMergeRefusal(reason: "token \(record.id) is local to its node and never joins the replicated registry")
        }
    }

    private mutating func put(_ record: TokenRecord) {
        let key = record.key
        if records.updateValue(record, forKey: key) == nil {
            keysByID[key.id, default: []].append(key)
            if key.issuer.isEmpty { legacyCount += 1 } else { signedByIssuer[key.issuer, default: 0] += 1 }
        }
    }

    private mutating func remove(_ key: TokenKey) {
        guard records.removeValue(forKey: key) != nil else { return }
        keysByID[key.id]?.removeAll { $0 == key }
        if keysByID[key.id]?.isEmpty == true { keysByID[key.id] = nil }
        if key.issuer.isEmpty {
            legacyCount -= 1
        } else {
            signedByIssuer[key.issuer, default: 1] -= 1
            if signedByIssuer[key.issuer] == 0 { signedByIssuer[key.issuer] = nil }
        }
    }

    /// Keeps an issuer's first `maxRecordsPerIssuer` records in issuer order and drops the
    /// rest; returns the keys dropped.
    private mutating func keepIssuerBound(_ issuer: [UInt8]) -> [TokenKey] {
        guard (signedByIssuer[issuer] ?? 0) > TokenLimits.maxRecordsPerIssuer else { return [] }
        let held = records.values.filter { $0.key.issuer == issuer }.sorted { $0.precedesInIssuerOrder($1) }
        let dropped = held.dropFirst(TokenLimits.maxRecordsPerIssuer).map(\.key)
        for key in dropped { remove(key) }
        return dropped
    }

    private func checkTotals() throws(TokenMergeRefusal) {
        guard legacyCount <= TokenLimits.maxLegacyRecords else {
            throw TokenMergeRefusal(
                reason: "the registry would hold \(legacyCount) unsigned tokens; at most \(TokenLimits.maxLegacyRecords) are allowed")
        }
        guard signedCount <= TokenLimits.maxSignedRecords else {
            throw TokenMergeRefusal(
                reason: "the registry would hold \(signedCount) signed tokens; at most \(TokenLimits.maxSignedRecords) are allowed")
        }
    }
}

/// What a merge changed in a `TokenSet`.
public struct TokenSetChange: Equatable, Sendable {
    /// Records new to the set or different from before, sorted by key.
    public var changed: [TokenRecord]
    /// Records the set held before and dropped, because their issuer went past its
    /// bound with older records; sorted by key.
    public var evicted: [TokenRecord]

    public init(changed: [TokenRecord] = [], evicted: [TokenRecord] = []) {
        self.changed = changed
        self.evicted = evicted
    }

    public var isEmpty: Bool { changed.isEmpty && evicted.isEmpty }
}

/// Why a batch of token records was refused (nothing of it was applied).
public struct TokenMergeRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
