import CaseCore
/// Per origin node, the highest event sequence held with nothing missing below it.
///
/// Two nodes that exchange version vectors know exactly which events each
/// lacks: for every origin, the sequences above the other's head.
public struct VersionVector: Equatable, Sendable, CustomStringConvertible {
    public private(set) var heads: [String: Int64]

    public init(_ heads: [String: Int64] = [:]) {
        precondition(heads.values.allSatisfy { $0 >= 0 }, "version vector heads are never negative")
        self.heads = heads.filter { $0.value > 0 }
    }

    public subscript(origin: String) -> Int64 {
        heads[origin] ?? 0
    }

    /// Origins in a fixed order (dictionary order is random per process).
    public var origins: [String] { heads.keys.sorted() }

    /// The number of events this vector covers.
    public var total: Int64 { heads.values.reduce(0, +) }

    public mutating func advance(_ origin: String, to sequence: Int64) {
        precondition(sequence >= self[origin], "a version vector only moves forward")
        if sequence > 0 { heads[origin] = sequence }
    }

    /// Element-wise maximum: what is known to exist somewhere.
    public func merged(with other: VersionVector) -> VersionVector {
        VersionVector(heads.merging(other.heads, uniquingKeysWith: max))
    }

    /// For each origin where `other` is ahead, the range of sequences this vector lacks.
    public func lacks(comparedTo other: VersionVector) -> [(origin: String, after: Int64, through: Int64)] {
        other.origins.compactMap { origin in
            let mine = self[origin]
            let theirs = other[origin]
            return theirs > mine ? (origin, mine, theirs) : nil
        }
    }

    /// How many events this vector lacks compared with `other`.
    public func missingCount(comparedTo other: VersionVector) -> Int64 {
        lacks(comparedTo: other).reduce(0) { $0 + ($1.through - $1.after) }
    }

    /// Whether this vector holds every event `other` holds.
    public func covers(_ other: VersionVector) -> Bool {
        other.heads.allSatisfy { self[$0.key] >= $0.value }
    }

    public var description: String {
        "{" + origins.map { "\($0):\(self[$0])" }.joined(separator: ",") + "}"
    }
}
