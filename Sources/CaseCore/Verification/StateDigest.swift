import CaseCrypto

/// A digest of all dossier state on a node: the sum, modulo 2²⁵⁶, of the
/// SHA-256 of every dossier's canonical stored JSON.
///
/// Why a sum: it does not depend on the order dossiers are visited in, and
/// it can be kept up to date in O(1) per change (subtract the old hash, add
/// the new one) in the same transaction that changes the dossier. Equal
/// replicas have equal digests; a difference in any dossier changes it.
public struct StateDigest: Hashable, Sendable, CustomStringConvertible {
    /// Four 64-bit limbs, most significant first.
    public private(set) var limbs: [UInt64]

    public static let zero = StateDigest(limbs: [0, 0, 0, 0])

    public init(limbs: [UInt64]) {
        precondition(limbs.count == 4, "a state digest has four 64-bit limbs")
        self.limbs = limbs
    }

    /// The 32 bytes of a SHA-256 hash as a digest term.
    public init(hashBytes bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 hash has 32 bytes")
        self.init(limbs: (0..<4).map { limb in
            bytes[(limb * 8)..<(limb * 8 + 8)].reduce(0) { ($0 << 8) | UInt64($1) }
        })
    }

    /// The digest term of one dossier's stored state (canonical JSON bytes).
    public static func term(forStoredState bytes: [UInt8]) -> StateDigest {
        StateDigest(hashBytes: SHA256.hash(bytes))
    }

    public func adding(_ other: StateDigest) -> StateDigest {
        var result = [UInt64](repeating: 0, count: 4)
        var carry: UInt64 = 0
        for index in stride(from: 3, through: 0, by: -1) {
            let (partial, overflow1) = limbs[index].addingReportingOverflow(other.limbs[index])
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            result[index] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        return StateDigest(limbs: result)
    }

    public func subtracting(_ other: StateDigest) -> StateDigest {
        adding(other.negated)
    }

    /// The additive inverse modulo 2²⁵⁶ (two's complement).
    private var negated: StateDigest {
        StateDigest(limbs: limbs.map { ~$0 }).adding(StateDigest(limbs: [0, 0, 0, 1]))
    }

    /// 64 lower-case hexadecimal characters.
    public var hex: String {
        limbs.map { limb in
            let digits = String(limb, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    public init?(hex: String) {
        guard hex.utf8.count == 64 else { return nil }
        var limbs: [UInt64] = []
        var index = hex.startIndex
        for _ in 0..<4 {
            let end = hex.index(index, offsetBy: 16)
            guard let limb = UInt64(hex[index..<end], radix: 16) else { return nil }
            limbs.append(limb)
            index = end
        }
        self.init(limbs: limbs)
    }

    public var description: String { hex }
}
