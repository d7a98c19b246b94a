/// The token registry's contents: records by id, merged as a grow-only set whose
/// revocations win, with a digest that two nodes compare to see whether they differ.
///
/// A value with no I/O: the node's `TokenRegistry` persists what `merge` reports changed.
public struct TokenSet: Equatable, Sendable {
    public private(set) var records: [String: TokenRecord] = [:]
    /// Kept up to date by every change, so a sync tick costs no hashing.
    public private(set) var digest = TokenDigest(records: [])

    public init() {}

    /// The records given, merged as if they arrived one by one. Throws as `merge`.
    public init(_ records: [TokenRecord]) throws(TokenMergeRefusal) {
        try merge(records)
    }

    /// Sorted by id: the order of the digest and of sync messages.
    public var sorted: [TokenRecord] { records.values.sorted { $0.id < $1.id } }

    public var count: Int { records.count }

    public subscript(id: String) -> TokenRecord? { records[id] }

    /// Merges `incoming` and returns the records that changed (new ones and ones whose
    /// merge differs from what was held), sorted by id.
    ///
    /// All or nothing: an invalid record, an id twice in `incoming`, or a result larger
    /// than `TokenLimits.maxRegistryRecords` throws and changes nothing.
    @discardableResult
    public mutating func merge(_ incoming: [TokenRecord]) throws(TokenMergeRefusal) -> [TokenRecord] {
        var seen = Set<String>()
        var changed: [TokenRecord] = []
        for record in incoming {
            do {
                try record.validate()
            } catch {
                throw TokenMergeRefusal(reason: "token record \(String(reflecting: String(record.id.prefix(40)))) is invalid: \(error)")
            }
            guard seen.insert(record.id).inserted else {
                throw TokenMergeRefusal(reason: "token \(record.id) appears twice in one batch")
            }
            let merged = records[record.id].map { $0.merged(with: record) } ?? record
            if merged != records[record.id] { changed.append(merged) }
        }
        let added = changed.filter { records[$0.id] == nil }.count
        guard records.count + added <= TokenLimits.maxRegistryRecords else {
            throw TokenMergeRefusal(
                reason: "the registry would hold \(records.count + added) tokens; at most \(TokenLimits.maxRegistryRecords) are allowed")
        }
        guard !changed.isEmpty else { return [] }
        for record in changed { records[record.id] = record }
        digest = TokenDigest(records: sorted)
        return changed.sorted { $0.id < $1.id }
    }
}

/// Why a batch of token records was refused (nothing of it was applied).
public struct TokenMergeRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
