/// ASCII digits in UTF-8 bytes, for the strict parsers of dates, timestamps and codes.
/// Only `0`–`9` count: other Unicode digits such as `٣` or `３` are refused, because every
/// identifier and timestamp we accept is written in ASCII.
enum ASCIIDigits {
    /// The value of a run of at most 18 ASCII digits, or nil if any byte is not a digit or the
    /// run is empty. 18 digits always fit in `Int` (64-bit), so no overflow check is needed.
    static func value<Bytes: Collection>(_ bytes: Bytes) -> Int? where Bytes.Element == UInt8 {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var result = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
