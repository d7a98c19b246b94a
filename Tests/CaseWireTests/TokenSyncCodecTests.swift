import XCTest
@testable import CaseCore
import TestSupport
import CaseSupport
import CaseReplication
@testable import CaseWire

/// Kinds 13, 14 and 15 (token registry sync): round trips, pinned numbers, hostile input.
final class TokenSyncCodecTests: XCTestCase {
    func testKindNumbersArePinned() {
        XCTAssertEqual(PeerMessage.Kind.tokenDigest.rawValue, 13)
        XCTAssertEqual(PeerMessage.Kind.tokenRecords.rawValue, 14)
        XCTAssertEqual(PeerMessage.Kind.signedTokenRecords.rawValue, 15)
        XCTAssertFalse(PeerMessage.Kind.tokenDigest.isHandshake)
        XCTAssertFalse(PeerMessage.Kind.tokenRecords.isHandshake)
        XCTAssertFalse(PeerMessage.Kind.signedTokenRecords.isHandshake)
    }

    /// The unsigned layout is what builds before signed tokens read: its bytes never change.
    func testTheUnsignedLayoutIsPinned() {
        let record = TokenSamples.record(name: "An", createdAtMs: 5, revokedAtMs: 6, hashByte: 1)
        XCTAssertEqual(record.wireBytes, [16] + Array("0123456789abcdef".utf8) + [2] + Array("An".utf8) + [1, 2] + Array("n1".utf8)
            + [5, 1, 6] + Array(repeating: 1, count: 32))
    }

    func testSignedRecordsRoundTripInVersionThreeFramesOnly() throws {
        let message = PeerMessage.signedTokenRecords([SignedTokenSamples.clerkOfN1, SignedTokenSamples.monitorByAdmin, SignedTokenSamples.revokedAdminByRoot])
        let payload = PeerMessageCodec.encodePayload(message)
        XCTAssertEqual(try PeerMessageCodec.decode(type: 15, version: PeerProtocol.identityVersion, payload: payload), message)
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 15, version: 2, payload: payload)) { error in
            XCTAssertTrue("\(error)".contains("version-3 sessions only"), "\(error)")
        }
        XCTAssertEqual(PeerProtocol.minimumVersion(of: .signedTokenRecords), 3)
        XCTAssertEqual(PeerProtocol.minimumVersion(of: .tokenRecords), 2)
    }

    func testSignedRecordsAreReadAsHostileInput() {
        let payload = PeerMessageCodec.encodePayload(.signedTokenRecords([SignedTokenSamples.revokedAdminByRoot]))
        for cut in stride(from: 0, to: payload.count, by: 7) {
            XCTAssertThrowsError(try PeerMessageCodec.decode(type: 15, version: 3, payload: Array(payload[..<cut])), "cut at \(cut)")
        }
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 15, version: 3, payload: payload + [0]))
        var unbound = SignedTokenSamples.clerkOfN1
        unbound.secretHash[0] ^= 1
        let wrongID = PeerMessageCodec.encodePayload(.signedTokenRecords([unbound]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 15, version: 3, payload: wrongID)) { error in
            XCTAssertTrue("\(error)".contains("bound to its issuer"), "\(error)")
        }
        let twice = PeerMessageCodec.encodePayload(.signedTokenRecords([SignedTokenSamples.clerkOfN1, SignedTokenSamples.clerkOfN1]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 15, version: 3, payload: twice))
        var tooMany = WireWriter()
        tooMany.varint(UInt64(TokenLimits.maxRecordsPerMessage + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 15, version: 3, payload: tooMany.buffer))
    }

    func testTheLargestSignedMessageFitsAFrame() {
        XCTAssertLessThan(TokenLimits.maxRecordsPerMessage * TokenRecord.maxSignedWireBytes, 4 << 20)
    }

    func testMessagesRoundTripWithExactNameBytes() throws {
        for message in [
            PeerMessage.tokenDigest(TokenSamples.digest, isReply: true), .tokenRecords(TokenSamples.records), .tokenRecords([]),
        ] {
            XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(message)), message)
        }
        guard case .tokenRecords(let records) = try PeerMessageCodec.decode(PeerMessageCodec.encode(.tokenRecords(TokenSamples.records))) else {
            return XCTFail("expected token records")
        }
        XCTAssertEqual(Array(records[0].name.utf8), Array("Lê Thị Hoa".utf8))
        XCTAssertEqual(records[1].revokedAtMs, 1_751_400_000_000)
    }

    func testInvalidRecordsRefuseTheWholeMessage() {
        let cases: [(String, TokenRecord)] = [
            ("clerk without centre", TokenSamples.record(centre: nil)),
            ("admin with centre", TokenSamples.record(role: .admin, centre: "n1")),
            ("bad centre", TokenSamples.record(centre: "N 1")),
            ("empty name", TokenSamples.record(name: "")),
            ("unnormalised name", TokenSamples.record(name: "  Lê   Hoa ")),
            ("decomposed name", TokenSamples.record(name: "Le\u{0302}")),
            ("control character", TokenSamples.record(name: "Hoa\u{7}")),
            ("long name", TokenSamples.record(name: String(repeating: "a", count: 101))),
            ("upper-case id", TokenSamples.record(id: "0123456789ABCDEF")),
            ("short id", TokenSamples.record(id: "0123")),
        ]
        for (label, bad) in cases {
            let payload = PeerMessageCodec.encodePayload(.tokenRecords([TokenSamples.records[1], bad]))
            XCTAssertThrowsError(
                try PeerMessageCodec.decode(type: 14, version: PeerProtocol.currentVersion, payload: payload), label)
        }
    }

    func testDuplicateIdsInOneMessageAreRefused() {
        let record = TokenSamples.record()
        let payload = PeerMessageCodec.encodePayload(.tokenRecords([record, record]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 14, version: PeerProtocol.currentVersion, payload: payload)) { error in
            XCTAssertTrue("\(error)".contains("twice"), "\(error)")
        }
    }

    func testCountsAreBoundedBeforeAllocating() {
        var tooMany = WireWriter()
        tooMany.varint(UInt64(TokenLimits.maxRecordsPerMessage + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 14, version: PeerProtocol.currentVersion, payload: tooMany.buffer)) { error in
            XCTAssertEqual(error as? WireDecodingError, .countTooLarge(count: UInt64(TokenLimits.maxRecordsPerMessage + 1), max: TokenLimits.maxRecordsPerMessage))
        }
        var claimsMore = WireWriter()
        claimsMore.varint(1_000)
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 14, version: PeerProtocol.currentVersion, payload: claimsMore.buffer)) { error in
            guard case .truncated = error as? WireDecodingError else { return XCTFail("\(error)") }
        }
        var bigDigest = WireWriter()
        bigDigest.varint(UInt64(TokenLimits.maxRegistryRecords + 1))
        bigDigest.fixedBytes(Array(repeating: 0, count: 32))
        bigDigest.bool(false)
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: 13, version: PeerProtocol.currentVersion, payload: bigDigest.buffer))
    }

    func testTruncationsAndTrailingBytesAreRefused() {
        for message in [PeerMessage.tokenDigest(TokenSamples.digest, isReply: false), .tokenRecords(TokenSamples.records)] {
            let payload = PeerMessageCodec.encodePayload(message)
            for cut in 0..<payload.count {
                XCTAssertThrowsError(
                    try PeerMessageCodec.decode(type: message.kind.rawValue, version: PeerProtocol.currentVersion, payload: Array(payload[..<cut])),
                    "\(message.kind) cut at \(cut)")
            }
            XCTAssertThrowsError(try PeerMessageCodec.decode(type: message.kind.rawValue, version: PeerProtocol.currentVersion, payload: payload + [0]))
        }
    }

    func testBitFlipsNeverTrapAndAcceptedPayloadsAreCanonical() {
        let payload = PeerMessageCodec.encodePayload(.tokenRecords(TokenSamples.records))
        var accepted = 0
        var refused = 0
        for index in payload.indices {
            for bit in 0..<8 {
                var flipped = payload
                flipped[index] ^= UInt8(1 << bit)
                do {
                    let message = try PeerMessageCodec.decode(type: 14, version: PeerProtocol.currentVersion, payload: flipped)
                    accepted += 1
                    XCTAssertEqual(PeerMessageCodec.encodePayload(message), flipped)
                } catch {
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(refused, 0)
        XCTAssertGreaterThan(accepted, 0, "flips inside the hash or a time leave a valid record")
    }
}
