/// Appends values to a byte buffer in the peer wire format.
///
/// The format: fixed-width integers big-endian (network order, readable in a
/// hex dump), unsigned varints as LEB128 (7 bits per byte, low group first,
/// high bit set on every byte but the last), signed varints zig-zag encoded
/// first so small negative numbers stay short, and byte strings and UTF-8
/// strings prefixed with their length as a varint. `WireReader` reads the same.
///
/// The writer does not enforce the reader's limits: a message layer that
/// writes a string longer than the receiver's `maxBytes` gets it refused on
/// the other side, so it must bound its own fields.
public struct WireWriter: Sendable {
    /// Everything written so far.
    public private(set) var buffer: [UInt8]

    /// An empty writer; `reservingCapacity` avoids regrowth when the size is known.
    public init(reservingCapacity capacity: Int = 0) {
        buffer = []
        buffer.reserveCapacity(capacity)
    }

    /// Bytes written so far.
    public var count: Int { buffer.count }

    /// One byte.
    public mutating func u8(_ value: UInt8) {
        buffer.append(value)
    }

    /// Two bytes, big-endian.
    public mutating func u16(_ value: UInt16) {
        appendBigEndian(UInt64(value), byteCount: 2)
    }

    /// Four bytes, big-endian.
    public mutating func u32(_ value: UInt32) {
        appendBigEndian(UInt64(value), byteCount: 4)
    }

    /// Eight bytes, big-endian.
    public mutating func u64(_ value: UInt64) {
        appendBigEndian(value, byteCount: 8)
    }

    /// Eight bytes, big-endian two's complement.
    public mutating func i64(_ value: Int64) {
        appendBigEndian(UInt64(bitPattern: value), byteCount: 8)
    }

    /// One to ten bytes, unsigned LEB128, always the shortest encoding.
    public mutating func varint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        buffer.append(UInt8(remaining))
    }

    /// A zig-zag encoded varint: 0, -1, 1, -2, 2… become 0, 1, 2, 3, 4…
    public mutating func signedVarint(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// One byte: 1 for true, 0 for false.
    public mutating func bool(_ value: Bool) {
        buffer.append(value ? 1 : 0)
    }

    /// A varint length, then the bytes.
    public mutating func bytes(_ value: [UInt8]) {
        varint(UInt64(value.count))
        buffer.append(contentsOf: value)
    }

    /// A varint length in bytes, then the string's UTF-8 bytes exactly as
    /// they are (no normalisation: text is normalised where it enters the
    /// system, and replicas must carry identical bytes).
    public mutating func string(_ value: String) {
        let utf8 = value.utf8
        varint(UInt64(utf8.count))
        buffer.append(contentsOf: utf8)
    }

    /// The bytes with no length prefix, for fields whose size the format fixes
    /// (a hash, an identifier).
    public mutating func fixedBytes(_ value: [UInt8]) {
        buffer.append(contentsOf: value)
    }

    /// A value that knows how to write itself.
    public mutating func encode(_ value: some WireEncodable) {
        value.encode(to: &self)
    }

    /// A varint element count, then each element.
    public mutating func array<Element: WireEncodable>(_ elements: [Element]) {
        array(elements) { writer, element in element.encode(to: &writer) }
    }

    /// A varint element count, then each element written by `encodeElement`;
    /// for lists of primitives (`writer.array(ids) { $0.u64($1) }`).
    public mutating func array<Element>(_ elements: [Element], _ encodeElement: (inout WireWriter, Element) -> Void) {
        varint(UInt64(elements.count))
        for element in elements {
            encodeElement(&self, element)
        }
    }

    private mutating func appendBigEndian(_ value: UInt64, byteCount: Int) {
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            buffer.append(UInt8(truncatingIfNeeded: value >> (UInt64(index) * 8)))
        }
    }
}
