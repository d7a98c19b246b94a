import XCTest
@testable import CaseCore
import CaseSupport
import CaseReplication
@testable import CaseWire

/// Every bound and domain check of the decoder, one crafted payload each.
final class PeerMessageCodecLimitsTests: XCTestCase {
    private struct Case {
        let name: String
        let kind: PeerMessage.Kind
        let payload: [UInt8]
        let expected: Expected
    }

    private enum Expected {
        case error(WireDecodingError)
        /// `.invalidValue` whose text contains this.
        case invalid(String)
    }

    func testOversizedAndOutOfDomainFieldsAreRefused() {
        let cases: [Case] = [
            // Counts
            Case(name: "events per batch", kind: .eventBatch, payload: Self.varint(10_001),
                 expected: .error(.countTooLarge(count: 10_001, max: 10_000))),
            Case(name: "gossip records on a ping", kind: .ping, payload: Self.varint(1) + Self.varint(1_025),
                 expected: .error(.countTooLarge(count: 1_025, max: 1_024))),
            Case(name: "gossip records on a sync request", kind: .syncRequest, payload: Self.varint(0) + Self.varint(1_025),
                 expected: .error(.countTooLarge(count: 1_025, max: 1_024))),
            Case(name: "membership records", kind: .membership, payload: Self.varint(16_385),
                 expected: .error(.countTooLarge(count: 16_385, max: 16_384))),
            Case(name: "version vector entries", kind: .batchAck, payload: Self.varint(16_385),
                 expected: .error(.countTooLarge(count: 16_385, max: 16_384))),
            Case(name: "a count the bytes cannot hold", kind: .membership, payload: Self.varint(1_000) + [0, 0, 0],
                 expected: .error(.truncated(needed: 6_000, remaining: 3))),
            // Strings
            Case(name: "node id over 64 bytes", kind: .helloAck, payload: Self.string(String(repeating: "a", count: 65)) + [0, 1],
                 expected: .error(.lengthTooLarge(length: 65, max: 64))),
            Case(name: "node id with capitals", kind: .helloAck, payload: Self.string("Node-A") + [0, 1],
                 expected: .invalid("is not a node id")),
            Case(name: "empty node id", kind: .helloAck, payload: Self.string("") + [0, 1],
                 expected: .invalid("is not a node id")),
            Case(name: "cluster id over 256 bytes", kind: .hello, payload: Self.string(String(repeating: "c", count: 257)),
                 expected: .error(.lengthTooLarge(length: 257, max: 256))),
            Case(name: "empty cluster id", kind: .hello, payload: Self.string("") + Self.string("n1") + [0, 1, 0, 1],
                 expected: .invalid("cluster id is empty")),
            Case(name: "refusal reason over 1 KiB", kind: .refuse, payload: Self.string(String(repeating: "r", count: 1_025)),
                 expected: .error(.lengthTooLarge(length: 1_025, max: 1_024))),
            Case(name: "string not UTF-8", kind: .refuse, payload: [2, 0xC3, 0x28], expected: .error(.invalidUTF8)),
            Case(name: "address over 300 bytes", kind: .membership,
                 payload: Self.varint(1) + Self.string("n1") + Self.string(String(repeating: "h", count: 301)),
                 expected: .error(.lengthTooLarge(length: 301, max: 300))),
            // Handshake values
            Case(name: "hello version range reversed", kind: .hello, payload: Self.string("cs") + Self.string("n1") + [0, 3, 0, 2],
                 expected: .invalid("version range 3...2")),
            Case(name: "hello version range from 0", kind: .hello, payload: Self.string("cs") + Self.string("n1") + [0, 0, 0, 2],
                 expected: .invalid("version range 0...2")),
            Case(name: "helloAck version 0", kind: .helloAck, payload: Self.string("n1") + [0, 0],
                 expected: .invalid("version must be at least 1")),
            // Membership values
            Case(name: "unknown member state", kind: .membership, payload: Self.record(state: 4) + [0],
                 expected: .invalid("unknown member state 4")),
            Case(name: "bool neither 0 nor 1", kind: .membership, payload: Self.varint(0) + [2],
                 expected: .invalid("a bool must be 0 or 1")),
            Case(name: "probe sequence 0", kind: .ack, payload: Self.varint(0) + Self.varint(0),
                 expected: .invalid("probe sequence must be at least 1")),
            Case(name: "ping request to an invalid target", kind: .pingRequest, payload: Self.varint(1) + Self.string("../etc") + Self.varint(0),
                 expected: .invalid("ping request target")),
            // Version vectors
            Case(name: "version vector head 0", kind: .batchAck, payload: Self.varint(1) + Self.string("n1") + Self.varint(0),
                 expected: .invalid("sequences run from 1")),
            Case(name: "version vector head above Int64.max", kind: .batchAck,
                 payload: Self.varint(1) + Self.string("n1") + Self.varint(UInt64(Int64.max) + 1),
                 expected: .invalid("sequences run from 1")),
            Case(name: "version vector origins descending", kind: .batchAck,
                 payload: Self.varint(2) + Self.string("n2") + Self.varint(1) + Self.string("n1") + Self.varint(1),
                 expected: .invalid("strictly ascending")),
            Case(name: "version vector origin repeated", kind: .batchAck,
                 payload: Self.varint(2) + Self.string("n1") + Self.varint(1) + Self.string("n1") + Self.varint(2),
                 expected: .invalid("strictly ascending")),
            // Events
            Case(name: "event sequence 0", kind: .eventBatch, payload: Self.batch(EventFields(sequence: 0)),
                 expected: .invalid("event sequence is 0")),
            Case(name: "event sequence above Int64.max", kind: .eventBatch, payload: Self.batch(EventFields(sequence: 1 << 63)),
                 expected: .invalid("event sequence is 9223372036854775808")),
            Case(name: "event timestamp with the top bit set", kind: .eventBatch, payload: Self.batch(EventFields(timestamp: 1 << 63)),
                 expected: .invalid("top bit set")),
            Case(name: "unknown event kind", kind: .eventBatch, payload: Self.batch(EventFields(kind: "explode")),
                 expected: .invalid("unknown kind \"explode\"")),
            Case(name: "event kind over 32 bytes", kind: .eventBatch, payload: Self.batch(EventFields(kind: String(repeating: "k", count: 33))),
                 expected: .error(.lengthTooLarge(length: 33, max: 32))),
            Case(name: "empty dossier code", kind: .eventBatch, payload: Self.batch(EventFields(dossierCode: "")),
                 expected: .invalid("empty dossier code")),
            Case(name: "dossier code over 48 bytes", kind: .eventBatch, payload: Self.batch(EventFields(dossierCode: String(repeating: "d", count: 49))),
                 expected: .error(.lengthTooLarge(length: 49, max: 48))),
            Case(name: "invalid event origin", kind: .eventBatch, payload: Self.batch(EventFields(origin: "N1")),
                 expected: .invalid("event origin")),
            Case(name: "invalid event centre", kind: .eventBatch, payload: Self.batch(EventFields(centre: "-x")),
                 expected: .invalid("event centre")),
            Case(name: "payload over 256 KiB", kind: .eventBatch,
                 payload: Self.batch(EventFields(payload: Array("{\"a\":\"\(String(repeating: "x", count: 256 * 1024 - 7))\"}".utf8))),
                 expected: .error(.lengthTooLarge(length: 256 * 1024 + 1, max: 256 * 1024))),
            Case(name: "payload not JSON", kind: .eventBatch, payload: Self.batch(EventFields(payload: Array("{\"a\":".utf8))),
                 expected: .invalid("payload is not valid JSON")),
            Case(name: "payload an array", kind: .eventBatch, payload: Self.batch(EventFields(payload: Array("[1]".utf8))),
                 expected: .invalid("payload is a JSON array: it must be an object")),
            Case(name: "payload with whitespace", kind: .eventBatch, payload: Self.batch(EventFields(payload: Array("{ \"a\":1}".utf8))),
                 expected: .invalid("not canonical JSON")),
            Case(name: "payload with unsorted keys", kind: .eventBatch, payload: Self.batch(EventFields(payload: Array("{\"b\":1,\"a\":2}".utf8))),
                 expected: .invalid("not canonical JSON")),
            Case(name: "payload nested too deep", kind: .eventBatch,
                 payload: Self.batch(EventFields(payload: Array(("{\"a\":" + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}").utf8))),
                 expected: .invalid("payload is not valid JSON")),
            // Varints
            Case(name: "varint not minimal", kind: .ping, payload: [0x81, 0x00, 0], expected: .error(.varintNotMinimal)),
            Case(name: "varint over 64 bits", kind: .ping, payload: Array(repeating: 0xFF, count: 10) + [1], expected: .error(.varintOverflow)),
        ]
        for testCase in cases {
            XCTAssertThrowsError(
                try PeerMessageCodec.decode(type: testCase.kind.rawValue, version: PeerProtocol.currentVersion, payload: testCase.payload),
                testCase.name
            ) { error in
                guard let error = error as? WireDecodingError else { return XCTFail("\(testCase.name): untyped \(error)") }
                switch testCase.expected {
                case .error(let expected):
                    XCTAssertEqual(error, expected, testCase.name)
                case .invalid(let fragment):
                    guard case .invalidValue(let text) = error else { return XCTFail("\(testCase.name): \(error)") }
                    XCTAssertTrue(text.contains(fragment), "\(testCase.name): \"\(text)\" lacks \"\(fragment)\"")
                }
            }
        }
    }

    func testFieldsAtTheirLimitsAreAccepted() throws {
        let longestID = String(repeating: "a", count: NodeName.maxLength)
        let ack = PeerMessage.helloAck(HelloAck(nodeID: longestID, version: 1))
        XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(ack)), ack)

        let reason = String(repeating: "r", count: PeerMessageCodecLimits.maxRefuseReasonBytes)
        XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(.refuse(reason: reason))), .refuse(reason: reason))

        let filler = String(repeating: "x", count: PeerMessageCodecLimits.maxEventPayloadBytes - 8)
        let payload = JSONValue.object(["a": .string(filler)])
        XCTAssertEqual(JSONWriter.serialize(payload).count, PeerMessageCodecLimits.maxEventPayloadBytes)
        let event = ChangeEvent(origin: "n1", sequence: 1, timestamp: .zero, dossierCode: "X", kind: .filed,
                                actor: "a", centre: "n1", payload: payload)
        let batch = PeerMessage.eventBatch(EventBatch(events: [event], senderVersionVector: VersionVector(), hasMore: false, isPush: false))
        XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(batch)), batch)

        let gossip = Array(repeating: PeerMessageSamples.records[0], count: PeerMessageCodecLimits.maxGossipRecords)
        let ping = PeerMessage.ping(sequence: 1, gossip: gossip)
        XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(ping)), ping)
    }

    func testLimitsFitInsideOneFrame() {
        // A full gossip list and a full version vector of the longest ids must fit the frame bound.
        let recordBytes = 1 + NodeName.maxLength + 2 * (2 + PeerMessageCodecLimits.maxAddressBytes) + 10 + 1
        XCTAssertLessThan(recordBytes * PeerMessageCodecLimits.maxGossipRecords, WireLimits.maxFramePayloadBytes)
        let entryBytes = 1 + NodeName.maxLength + 9
        XCTAssertLessThan(entryBytes * PeerMessageCodecLimits.maxVersionVectorEntries, WireLimits.maxFramePayloadBytes)
        XCTAssertLessThan(PeerMessageCodecLimits.maxEventPayloadBytes, WireLimits.maxFramePayloadBytes)
    }

    // MARK: - Crafting payloads

    private struct EventFields {
        var origin = "n1"
        var sequence: UInt64 = 1
        var timestamp: UInt64 = 0
        var dossierCode = "000.00.12.H56-250701-0001"
        var kind = "filed"
        var actor = "clerk"
        var centre = "n1"
        var payload: [UInt8] = Array("{}".utf8)
    }

    private static func batch(_ event: EventFields) -> [UInt8] {
        var writer = WireWriter()
        writer.varint(1)
        writer.string(event.origin)
        writer.varint(event.sequence)
        writer.u64(event.timestamp)
        writer.string(event.dossierCode)
        writer.string(event.kind)
        writer.string(event.actor)
        writer.string(event.centre)
        writer.bytes(event.payload)
        writer.varint(0)  // empty version vector
        writer.bool(false)
        writer.bool(false)
        return writer.buffer
    }

    private static func record(state: UInt8) -> [UInt8] {
        var writer = WireWriter()
        writer.varint(1)
        writer.string("n1")
        writer.string("a:1")
        writer.string("a:2")
        writer.varint(1)
        writer.u8(state)
        return writer.buffer
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var writer = WireWriter()
        writer.varint(value)
        return writer.buffer
    }

    private static func string(_ value: String) -> [UInt8] {
        var writer = WireWriter()
        writer.string(value)
        return writer.buffer
    }
}
