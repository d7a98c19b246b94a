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

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum($0) }
    }

    /// The CRC-32C of the bytes in `buffer`; use it to checksum part of a
    /// larger buffer without copying.
    public static func checksum(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        table.withUnsafeBufferPointer { table in
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in buffer {
                crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
            }
            return crc ^ 0xFFFF_FFFF
        }
    }
}
