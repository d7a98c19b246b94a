/// Reads values written by `WireWriter` from a byte buffer, front to back.
///
/// Built for hostile input: every read checks the bytes remaining first, and
/// every length or count read from the input is checked against both a limit
/// the caller gives and the bytes actually left BEFORE anything is allocated,
/// so a forged "4 GB follows" costs nothing. Every failure is a
/// `WireDecodingError`; nothing here traps on input.
///
/// After a read throws, the position is unspecified: discard the message.
public struct WireReader: Sendable {
    private let bytes: ArraySlice<UInt8>
    /// Bytes consumed so far, counted from the start of the input.
    public private(set) var offset: Int = 0

    /// A reader over a whole array.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    /// A reader over part of a larger buffer, without copying it.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// Bytes not yet read.
    public var remainingCount: Int { bytes.count - offset }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { remainingCount == 0 }

    /// Throws `.trailingBytes` unless every byte has been read; call it after
    /// decoding a whole message so that garbage appended to it is not ignored.
    public func expectEnd() throws(WireDecodingError) {
        guard isAtEnd else { throw .trailingBytes(remainingCount) }
    }

    /// Reads one whole value from `bytes`, which may be at most `maxBytes` long (checked
    /// before anything is read): bytes left over after it are refused.
    public static func whole<Value>(
        _ bytes: [UInt8], maxBytes: Int, _ read: (inout WireReader) throws(WireDecodingError) -> Value
    ) throws(WireDecodingError) -> Value {
        guard bytes.count <= maxBytes else { throw .lengthTooLarge(length: UInt64(bytes.count), max: maxBytes) }
        var reader = WireReader(bytes)
        let value = try read(&reader)
        try reader.expectEnd()
        return value
    }

    /// One byte.
    public mutating func readU8() throws(WireDecodingError) -> UInt8 {
        try require(1)
        return takeByte()
    }

    /// Two bytes, big-endian.
    public mutating func readU16() throws(WireDecodingError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readBigEndian(byteCount: 2))
    }

    /// Four bytes, big-endian.
    public mutating func readU32() throws(WireDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(byteCount: 4))
    }

    /// Eight bytes, big-endian.
    public mutating func readU64() throws(WireDecodingError) -> UInt64 {
        try readBigEndian(byteCount: 8)
    }

    /// Eight bytes, big-endian two's complement.
    public mutating func readI64() throws(WireDecodingError) -> Int64 {
        Int64(bitPattern: try readBigEndian(byteCount: 8))
    }

    /// An unsigned LEB128 varint of at most ten bytes, in its shortest form.
    public mutating func readVarint() throws(WireDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            try require(1)
            let byte = takeByte()
            // The tenth byte carries bit 63 only: anything above 1 (including
            // a continuation bit) would need more than 64 bits.
            if shift == 63 && byte > 1 { throw .varintOverflow }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 { throw .varintNotMinimal }
                return value
            }
            shift += 7
        }
    }

    /// A zig-zag encoded varint.
    public mutating func readSignedVarint() throws(WireDecodingError) -> Int64 {
        let zigZag = try readVarint()
        return Int64(bitPattern: (zigZag >> 1) ^ (0 &- (zigZag & 1)))
    }

    /// One byte that must be 0 (false) or 1 (true).
    public mutating func readBool() throws(WireDecodingError) -> Bool {
        switch try readU8() {
        case 0: return false
        case 1: return true
        case let other: throw .invalidValue("a bool must be 0 or 1, found \(other)")
        }
    }

    /// A varint length of at most `maxBytes`, then that many bytes.
    public mutating func readBytes(maxBytes: Int) throws(WireDecodingError) -> [UInt8] {
        let length = try readLength(max: maxBytes)
        return takeBytes(length)
    }

    /// A varint length of at most `maxBytes`, then that many bytes of UTF-8,
    /// returned as they are. No NFC normalisation happens here: peers send text
    /// that was normalised where it entered the system, and changing it would
    /// make replicas differ.
    public mutating func readString(maxBytes: Int) throws(WireDecodingError) -> String {
        let length = try readLength(max: maxBytes)
        let start = bytes.startIndex + offset
        guard let string = String(validating: bytes[start..<start + length], as: UTF8.self) else {
            throw .invalidUTF8
        }
        offset += length
        return string
    }

    /// Exactly `count` bytes with no length prefix; `count` comes from the
    /// format, never from the input.
    public mutating func readFixedBytes(count: Int) throws(WireDecodingError) -> [UInt8] {
        precondition(count >= 0, "readFixedBytes count must not be negative, got \(count)")
        try require(count)
        return takeBytes(count)
    }

    /// A value that knows how to read itself.
    public mutating func read<Value: WireDecodable>(_ type: Value.Type) throws(WireDecodingError) -> Value {
        try Value(from: &self)
    }

    /// A varint count of at most `maxCount`, then that many elements read by
    /// `readElement`.
    ///
    /// The count is checked against `maxCount` and against the bytes left
    /// (each element takes at least `minElementBytes`) before any capacity is
    /// reserved. Pass `minElementBytes: 0` only for elements that may encode
    /// to nothing; then `maxCount` alone bounds the allocation.
    public mutating func readArray<Element>(
        maxCount: Int,
        minElementBytes: Int = 1,
        _ readElement: (inout WireReader) throws(WireDecodingError) -> Element
    ) throws(WireDecodingError) -> [Element] {
        precondition(maxCount >= 0 && minElementBytes >= 0, "readArray limits must not be negative")
        let declared = try readVarint()
        guard declared <= UInt64(maxCount) else { throw .countTooLarge(count: declared, max: maxCount) }
        let count = Int(declared)
        let (minimumBytes, overflow) = count.multipliedReportingOverflow(by: minElementBytes)
        guard !overflow && minimumBytes <= remainingCount else {
            throw .truncated(needed: overflow ? Int.max : minimumBytes, remaining: remainingCount)
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    /// A varint count, then that many values that know how to read themselves.
    public mutating func readArray<Element: WireDecodable>(
        of type: Element.Type,
        maxCount: Int,
        minElementBytes: Int = 1
    ) throws(WireDecodingError) -> [Element] {
        try readArray(maxCount: maxCount, minElementBytes: minElementBytes) { reader throws(WireDecodingError) in
            try Element(from: &reader)
        }
    }

    // MARK: - Private

    /// A length prefix, checked against the caller's limit and then against
    /// the bytes left, so the caller may allocate `length` bytes safely.
    private mutating func readLength(max: Int) throws(WireDecodingError) -> Int {
        precondition(max >= 0, "a length limit must not be negative, got \(max)")
        let declared = try readVarint()
        guard declared <= UInt64(max) else { throw .lengthTooLarge(length: declared, max: max) }
        let length = Int(declared)
        try require(length)
        return length
    }

    private func require(_ count: Int) throws(WireDecodingError) {
        guard count <= remainingCount else { throw .truncated(needed: count, remaining: remainingCount) }
    }

    /// Only after `require`.
    private mutating func takeByte() -> UInt8 {
        let byte = bytes[bytes.startIndex + offset]
        offset += 1
        return byte
    }

    /// Only after `require`.
    private mutating func takeBytes(_ count: Int) -> [UInt8] {
        let start = bytes.startIndex + offset
        offset += count
        return Array(bytes[start..<start + count])
    }

    private mutating func readBigEndian(byteCount: Int) throws(WireDecodingError) -> UInt64 {
        try require(byteCount)
        var value: UInt64 = 0
        for _ in 0..<byteCount {
            value = (value << 8) | UInt64(takeByte())
        }
        return value
    }
}
