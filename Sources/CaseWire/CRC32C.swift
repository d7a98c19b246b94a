import CaseCore
import CaseReplication
/// CRC-32C (Castagnoli): the checksum every frame carries over its payload.
///
/// Why Castagnoli and not the zlib CRC-32: it detects more error patterns at
/// the frame sizes we send (Castagnoli 1993), it is what iSCSI, SCTP, ext4 and
/// LevelDB use, so test vectors are published (RFC 3720 B.4), and CPUs have
/// an instruction for it should the table ever become a bottleneck.
///
/// Reflected form: polynomial 0x1EDC6F41 bit-reversed to 0x82F63B78, initial
/// value and final XOR 0xFFFFFFFF.
public enum CRC32C {
    /// The reflected polynomial.
    public static let polynomial: UInt32 = 0x82F6_3B78

    /// One remainder per byte value. A `static let` is initialised once,
    /// lazily and thread-safely, on first use.
    static let table: [UInt32] = (0..<256).map { byteValue in
        var remainder = UInt32(byteValue)
        for _ in 0..<8 {
            remainder = (remainder & 1) == 1 ? (remainder >> 1) ^ polynomial : remainder >> 1
        }
        return remainder
    }

    /// Eight tables of 256 (slicing-by-8, Intel's "A Systematic Approach to Building High
    /// Performance Software-Based CRC Generators", 2005): table k gives the remainder of a
    /// byte followed by k zero bytes, so eight bytes are folded in per step with eight
    /// independent lookups instead of eight dependent ones. Checksumming the frames of a
    /// catch-up was a twentieth of its CPU with one table.
    static let slicingTables: [UInt32] = {
        var tables = table + [UInt32](repeating: 0, count: 7 * 256)
        for k in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(k - 1) * 256 + index]
                tables[k * 256 + index] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum($0) }
    }

    /// The CRC-32C of the bytes in `buffer`; use it to checksum part of a
    /// larger buffer without copying.
    public static func checksum(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        slicingTables.withUnsafeBufferPointer { tables in
            var crc: UInt32 = 0xFFFF_FFFF
            var index = 0
            let count = buffer.count
            while count - index >= 8 {
                let low = crc ^ (UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8
                    | UInt32(buffer[index + 2]) << 16 | UInt32(buffer[index + 3]) << 24)
                crc = tables[7 * 256 + Int(low & 0xFF)] ^ tables[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ tables[5 * 256 + Int((low >> 16) & 0xFF)] ^ tables[4 * 256 + Int(low >> 24)]
                    ^ tables[3 * 256 + Int(buffer[index + 4])] ^ tables[2 * 256 + Int(buffer[index + 5])]
                    ^ tables[256 + Int(buffer[index + 6])] ^ tables[Int(buffer[index + 7])]
                index += 8
            }
            while index < count {
                crc = tables[Int(UInt8(truncatingIfNeeded: crc) ^ buffer[index])] ^ (crc >> 8)
                index += 1
            }
            return crc ^ 0xFFFF_FFFF
        }
    }
}
