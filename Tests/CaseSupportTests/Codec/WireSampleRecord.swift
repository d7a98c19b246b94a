@testable import CaseCore
@testable import CaseSupport

/// A message with one field of every kind the codec has, nested and listed,
/// for round-trip, truncation and garbage tests.
struct WireSampleRecord: WireEncodable, WireDecodable, Equatable {
    struct Item: WireEncodable, WireDecodable, Equatable {
        var sequence: UInt64
        var label: String

        func encode(to writer: inout WireWriter) {
            writer.varint(sequence)
            writer.string(label)
        }

        init(sequence: UInt64, label: String) {
            self.sequence = sequence
            self.label = label
        }

        init(from reader: inout WireReader) throws(WireDecodingError) {
            sequence = try reader.readVarint()
            label = try reader.readString(maxBytes: 64)
        }
    }

    static let maxItems = 8

    var kind: UInt8
    var port: UInt16
    var flags: UInt32
    var timestamp: UInt64
    var balance: Int64
    var counter: UInt64
    var delta: Int64
    var isOpen: Bool
    var blob: [UInt8]
    var name: String
    var digest: [UInt8]
    var items: [Item]
    var tags: [UInt16]

    func encode(to writer: inout WireWriter) {
        writer.u8(kind)
        writer.u16(port)
        writer.u32(flags)
        writer.u64(timestamp)
        writer.i64(balance)
        writer.varint(counter)
        writer.signedVarint(delta)
        writer.bool(isOpen)
        writer.bytes(blob)
        writer.string(name)
        writer.fixedBytes(digest)
        writer.array(items)
        writer.array(tags) { $0.u16($1) }
    }

    init(
        kind: UInt8, port: UInt16, flags: UInt32, timestamp: UInt64, balance: Int64, counter: UInt64,
        delta: Int64, isOpen: Bool, blob: [UInt8], name: String, digest: [UInt8], items: [Item], tags: [UInt16]
    ) {
        self.kind = kind
        self.port = port
        self.flags = flags
        self.timestamp = timestamp
        self.balance = balance
        self.counter = counter
        self.delta = delta
        self.isOpen = isOpen
        self.blob = blob
        self.name = name
        self.digest = digest
        self.items = items
        self.tags = tags
    }

    init(from reader: inout WireReader) throws(WireDecodingError) {
        kind = try reader.readU8()
        port = try reader.readU16()
        flags = try reader.readU32()
        timestamp = try reader.readU64()
        balance = try reader.readI64()
        counter = try reader.readVarint()
        delta = try reader.readSignedVarint()
        isOpen = try reader.readBool()
        blob = try reader.readBytes(maxBytes: 256)
        name = try reader.readString(maxBytes: 256)
        digest = try reader.readFixedBytes(count: 4)
        items = try reader.readArray(of: Item.self, maxCount: Self.maxItems, minElementBytes: 2)
        tags = try reader.readArray(maxCount: Self.maxItems, minElementBytes: 2) { reader throws(WireDecodingError) in
            try reader.readU16()
        }
    }

    static let example = WireSampleRecord(
        kind: 7, port: 7_946, flags: 0xDEAD_BEEF, timestamp: 1_750_000_000_000 << 16, balance: -42,
        counter: 300, delta: -129, isOpen: true, blob: [0, 1, 2, 0xFF], name: "Xã Đắk Lắk",
        digest: [0xCA, 0xFE, 0xBA, 0xBE],
        items: [Item(sequence: 1, label: "nộp hồ sơ"), Item(sequence: 128, label: "")],
        tags: [1, 65_535])
}
