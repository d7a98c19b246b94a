import CaseReplication
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
