import CaseReplication
import CaseSupport
@testable import CaseWire
import XCTest

/// Asserts what every message kind added in a protocol version must do: it round-trips in
/// a frame of `version`, a frame of the version before is refused naming the version it
/// needs, and a session of the version before is sent nothing.
func assertTravelsOnlyOnVersion(_ version: UInt16, _ messages: [PeerMessage], file: StaticString = #filePath, line: UInt = #line) throws {
    for message in messages {
        var frame = PeerMessageCodec.encode(message)
        XCTAssertEqual(try PeerMessageCodec.decode(frame), message, "\(message.kind)", file: file, line: line)
        frame.version = version - 1
        XCTAssertThrowsError(try PeerMessageCodec.decode(frame), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains("version-\(version) sessions only"), "\(error)", file: file, line: line)
        }
        let envelope = Envelope(.member(id: "n2", address: "127.0.0.1:1"), message)
        XCTAssertNil(PeerProtocol.message(of: envelope, onSessionOf: version - 1), "an older peer is sent nothing", file: file, line: line)
        XCTAssertEqual(PeerProtocol.message(of: envelope, onSessionOf: version), message, file: file, line: line)
    }
}

/// Asserts that a message of `kind` carrying encoded records (root records, certificates) is
/// refused when its one record has its format byte (at `formatByteOffset` of `oneRecord`'s
/// payload) changed, when a record is longer than `maxRecordBytes`, and when it declares
/// more than `maxCount` records; `formatError`, when given, must be named.
func assertRefusesTamperedOversizedOrTooManyRecords(
    _ kind: PeerMessage.Kind, version: UInt16, oneRecord: PeerMessage, formatByteOffset: Int, formatError: String? = nil,
    maxRecordBytes: Int, maxCount: Int, file: StaticString = #filePath, line: UInt = #line
) {
    var payload = PeerMessageCodec.encodePayload(oneRecord)
    payload[formatByteOffset] = 9
    XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind.rawValue, version: version, payload: payload), file: file, line: line) { error in
        if let formatError { XCTAssertTrue("\(error)".contains(formatError), "\(error)", file: file, line: line) }
    }
    var writer = WireWriter(reservingCapacity: 8)
    writer.varint(1)
    writer.bytes(Array(repeating: 1, count: maxRecordBytes + 1))
    XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind.rawValue, version: version, payload: writer.buffer), file: file, line: line)
    var many = WireWriter(reservingCapacity: 8)
    many.varint(UInt64(maxCount + 1))
    XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind.rawValue, version: version, payload: many.buffer), file: file, line: line) { error in
        XCTAssertTrue("\(error)".contains("at most \(maxCount)"), "\(error)", file: file, line: line)
    }
}
