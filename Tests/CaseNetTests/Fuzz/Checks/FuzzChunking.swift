import CaseSupport

/// Cuts an input into the pieces a socket might deliver it in, so every check
/// can replay one byte stream under several chunkings and demand the same
/// outcome. Derived from the input itself (no clock, no system randomness),
/// so a saved crash replays exactly.
enum FuzzChunking {
    /// The ways a stream is cut: all at once, one byte per read, and
    /// reads of 1 to 17 bytes chosen by a generator seeded from the input.
    enum Pattern: CaseIterable, CustomStringConvertible {
        case whole, byteByByte, seeded

        var description: String {
            switch self {
            case .whole: "whole"
            case .byteByByte: "byte-by-byte"
            case .seeded: "seeded"
            }
        }
    }

    /// Read sizes for `input` under `pattern`; each read may still be cut
    /// shorter by the consumer's own bound (free capacity, read hint).
    struct Reads {
        private var pattern: Pattern
        private var generator: SplitMix64

        init(_ pattern: Pattern, input: [UInt8]) {
            self.pattern = pattern
            generator = SplitMix64(seed: FuzzChunking.seed(of: input))
        }

        /// The size of the next read, at least 1.
        mutating func next() -> Int {
            switch pattern {
            case .whole: return Int.max
            case .byteByByte: return 1
            // 17: small enough that headers and varints straddle reads often.
            case .seeded: return Int(generator.next() % 17) + 1
            }
        }
    }

    /// FNV-1a over the input: a stable seed, so the same bytes always get the same chunking.
    static func seed(of input: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in input {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
