import XCTest
@testable import CaseCore
import TestSupport
import CaseSupport
import CaseReplication
@testable import CaseWire

final class PeerMessageCodecTests: XCTestCase {
    // MARK: - Round trips

    func testEveryMessageKindRoundTrips() throws {
        let kinds = Set(PeerMessageSamples.all.map(\.kind))
        XCTAssertEqual(kinds, Set(PeerMessage.Kind.allCases), "the samples must cover every message kind")
        for message in PeerMessageSamples.all {
            let frame = PeerMessageCodec.encode(message)
            XCTAssertEqual(frame.type, message.kind.rawValue)
            XCTAssertEqual(frame.version, PeerProtocol.currentVersion)
            XCTAssertEqual(try PeerMessageCodec.decode(frame), message, "\(message.kind)")
        }
    }

    func testVietnameseTextInPayloadsKeepsItsExactBytes() throws {
        let batch = PeerMessageSamples.eventBatch
        let decoded = try PeerMessageCodec.decode(PeerMessageCodec.encode(batch))
        guard case .eventBatch(let events) = decoded else { return XCTFail("expected an event batch, got \(decoded)") }
        let name = events.events[0].payload["applicant"]?["fullName"]?.stringValue
        XCTAssertEqual(name.map { Array($0.utf8) }, Array("Nguyễn Thị Hồng Nhung".utf8))
        XCTAssertEqual(events.events[1].actor, "Trần Văn Bình")
    }

    func testEqualMessagesAreEqualBytes() {
        // Dictionaries iterate in a different order per instance; the encoding must not.
        let heads = (0..<50).map { ("node-\($0)", Int64($0 + 1)) }
        let forward = VersionVector(Dictionary(uniqueKeysWithValues: heads))
        let backward = VersionVector(Dictionary(uniqueKeysWithValues: heads.reversed()))
        XCTAssertEqual(
            PeerMessageCodec.encodePayload(.batchAck(versionVector: forward)),
            PeerMessageCodec.encodePayload(.batchAck(versionVector: backward)))
    }

    func testHandshakeLayoutIsPinned() {
        // The handshake must read the same in every protocol version; these bytes may never change.
        let hello = PeerMessage.hello(Hello(clusterID: "cs", nodeID: "n1", minVersion: 1, maxVersion: 2))
        XCTAssertEqual(PeerMessageCodec.encodePayload(hello), [2, 0x63, 0x73, 2, 0x6E, 0x31, 0, 1, 0, 2])
        XCTAssertEqual(PeerMessageCodec.encodePayload(.helloAck(HelloAck(nodeID: "n2", version: 1))), [2, 0x6E, 0x32, 0, 1])
        XCTAssertEqual(PeerMessageCodec.encodePayload(.refuse(reason: "no")), [2, 0x6E, 0x6F])
        // Version 2 appends key id and nonce to the hello, nonce and proof to the answer.
        let keyed = PeerMessageCodec.encodePayload(PeerMessageSamples.keyedHello)
        XCTAssertEqual(Array(keyed.suffix(40)), [1, 2, 3, 4, 5, 6, 7, 8] + Array(repeating: 0xA5, count: 32))
        XCTAssertEqual(PeerMessageCodec.encodePayload(PeerMessageSamples.keyedHelloAck),
                       [2, 0x6E, 0x32, 0, 2] + Array(repeating: 0x5A, count: 32) + Array(repeating: 0xEE, count: 32))
    }

    // MARK: - Frame type and version

    func testUnknownFrameTypesAreRefused() {
        // 11 and 12 are the transport's own frames (handshake proof, sealed), never
        // messages; 32 is the first number after the certificate exchange's kinds 30 and 31.
        for type: UInt16 in [0, PeerFrameType.handshakeProof, PeerFrameType.sealed, 32, 200, .max] {
            XCTAssertThrowsError(try PeerMessageCodec.decode(Frame(type: type, version: 1, payload: []))) { error in
                guard case .invalidValue(let text) = error as? WireDecodingError else { return XCTFail("\(error)") }
                XCTAssertTrue(text.contains("unknown message type \(type)"), text)
            }
        }
    }

    func testUnsupportedVersionIsRefusedExceptForHandshakeFrames() throws {
        var ping = PeerMessageCodec.encode(.ping(sequence: 1, gossip: []))
        ping.version = PeerProtocol.currentVersion + 1
        XCTAssertThrowsError(try PeerMessageCodec.decode(ping)) { error in
            guard case .invalidValue(let text) = error as? WireDecodingError else { return XCTFail("\(error)") }
            XCTAssertTrue(text.contains("protocol version \(PeerProtocol.currentVersion + 1)"), text)
        }
        ping.version = 0
        XCTAssertThrowsError(try PeerMessageCodec.decode(ping))
        var hello = PeerMessageCodec.encode(PeerMessageSamples.hello)
        hello.version = 7
        XCTAssertEqual(try PeerMessageCodec.decode(hello), PeerMessageSamples.hello)
    }

    func testVersion1HandshakeMessagesStillDecodeSoTheRefusalCanNameTheVersions() throws {
        for message in [PeerMessageSamples.hello, .helloAck(HelloAck(nodeID: "xa-phuoc-long", version: 1))] {
            XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(message)), message)
        }
        // Offering version 2 without a key id and nonce is not a hello.
        let keyless = PeerMessageCodec.encode(.hello(Hello(clusterID: "cs", nodeID: "n1", minVersion: 1, maxVersion: 2)))
        XCTAssertThrowsError(try PeerMessageCodec.decode(keyless))
    }

    func testTrailingBytesAreRefused() {
        for message in PeerMessageSamples.all {
            var frame = PeerMessageCodec.encode(message)
            frame.payload.append(0)
            XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
                XCTAssertEqual(error as? WireDecodingError, .trailingBytes(1), "\(message.kind)")
            }
        }
    }

    func testVersionNegotiationPicksTheHighestCommonVersion() {
        XCTAssertEqual(PeerProtocol.negotiatedVersion(local: 1...3, remote: 2...5), 3)
        XCTAssertEqual(PeerProtocol.negotiatedVersion(local: 2...3, remote: 1...2), 2)
        XCTAssertNil(PeerProtocol.negotiatedVersion(local: 1...1, remote: 2...4))
        XCTAssertEqual(PeerProtocol.negotiatedVersion(remote: 1...11), PeerProtocol.currentVersion)
    }
}

/// One sample of every message kind, with Vietnamese text, every member state
/// and JSON value kind, and boundary numbers.
enum PeerMessageSamples {
    static let records = [
        MemberRecord(id: "xa-phuoc-long", peerAddress: "10.0.0.1:7401", httpAddress: "10.0.0.1:7400", incarnation: 0, state: .alive),
        MemberRecord(id: "n2", peerAddress: "[::1]:7411", httpAddress: "", incarnation: 1 << 40, state: .suspect),
        MemberRecord(id: "n3.b_c", peerAddress: "host:1", httpAddress: "host:2", incarnation: .max, state: .dead),
        MemberRecord(id: "9", peerAddress: "a:3", httpAddress: "a:4", incarnation: 7, state: .retired),
    ]

    static let versionVector = VersionVector(["n1": 1, "n2": 300, "xa-phuoc-long": Int64.max])

    static let filedPayload: JSONValue = .object([
        "applicant": .object([
            "fullName": .string("Nguyễn Thị Hồng Nhung"),
            "address": .string("Xã Phước Long, tỉnh Bình Phước"),
            "identityNumber": .string("079190001234"),
        ]),
        "documents": .array([.string("Tờ khai đăng ký khai sinh"), .string("Giấy chứng sinh")]),
        "fee": .int(0),
        "ratio": .double(0.5),
        "urgent": .bool(false),
        "note": .null,
        "khóa tiếng Việt": .string("giá trị có dấu: ă â đ ê ô ơ ư"),
    ])

    static let events = [
        ChangeEvent(
            origin: "xa-phuoc-long", sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_333_400_000, logical: 3),
            dossierCode: "000.00.12.H56-250701-0001", kind: .filed, actor: "clerk-1", centre: "xa-phuoc-long",
            payload: filedPayload),
        ChangeEvent(
            origin: "n2", sequence: Int64.max, timestamp: HLCTimestamp(rawValue: UInt64(Int64.max)),
            dossierCode: "000.00.12.H56-250701-0001", kind: .action(.requestSupplement), actor: "Trần Văn Bình",
            centre: "n2", payload: .object(["reason": .string("Thiếu bản sao giấy tờ tùy thân"), "items": .array([])])),
        ChangeEvent(
            origin: "n2", sequence: 2, timestamp: .zero, dossierCode: "X", kind: .action(.note), actor: "",
            centre: "n3", payload: .object([:])),
    ]

    static let hello = PeerMessage.hello(Hello(clusterID: "tỉnh-bình-phước", nodeID: "n1", minVersion: 1, maxVersion: 1))
    static let eventBatch = PeerMessage.eventBatch(EventBatch(events: events, senderVersionVector: versionVector, hasMore: true, isPush: false))

    /// A version-2 hello and answer, with key id, nonces and proof.
    static let keyedHello = PeerMessage.hello(Hello(
        clusterID: "casestore", nodeID: "n1", minVersion: 2, maxVersion: 2,
        keyID: ClusterKeyID(bytes: [1, 2, 3, 4, 5, 6, 7, 8]), nonce: Array(repeating: 0xA5, count: 32)))
    static let keyedHelloAck = PeerMessage.helloAck(HelloAck(
        nodeID: "n2", version: 2, nonce: Array(repeating: 0x5A, count: 32), proof: Array(repeating: 0xEE, count: 32)))

    static let all: [PeerMessage] = [
        keyedHello,
        keyedHelloAck,
        .refuse(reason: "cluster id \"khác\" is not this cluster's \"casestore\""),
        .ping(sequence: 1, gossip: records),
        .ping(sequence: .max, gossip: []),
        .ack(sequence: 42, gossip: [records[0]]),
        .pingRequest(sequence: 9, target: "n3.b_c", gossip: records),
        .syncRequest(SyncRequest(versionVector: versionVector, gossip: records)),
        .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: [])),
        eventBatch,
        .eventBatch(EventBatch(events: [], senderVersionVector: VersionVector(), hasMore: false, isPush: true)),
        .batchAck(versionVector: versionVector),
        .membership(members: records, isReply: false),
        .membership(members: [], isReply: true),
        .tokenDigest(TokenSamples.digest, isReply: false),
        .tokenRecords(TokenSamples.records),
        .tokenRecords([]),
        .signedTokenRecords([SignedTokenSamples.clerkOfN1, SignedTokenSamples.revokedAdminByRoot]),
        .decisionDigest(Array(repeating: 0x3C, count: 32), isReply: true),
        .membershipDecisions(decisions),
        .membershipDecisions([]),
        .memberDigest(Array(repeating: 0x7E, count: MemberListDigest.rootByteCount), sender: records[1]),
        .memberBucketDigests(MemberListDigest(sortedRecords: records.sorted { $0.id < $1.id }).buckets),
        memberBucketRecords,
        .memberBucketRecords(buckets: [], records: [], isReply: true),
        vectorPull,
        .vectorPull(VectorPull(vector: VectorSummary(VersionVector(), digest: VersionVector().digest, against: nil), known: [], gossip: [])),
        .vectorAnswer(VectorAnswer(vector: VectorSummary(versionVector, digest: versionVector.digest, against: nil), known: [])),
        .vectorAnswer(VectorAnswer(vector: VectorSummary(digest: Array(repeating: 0x42, count: 16), isComplete: false, changes: VersionVector()),
                                   known: Array(repeating: 0x24, count: 16))),
        .holidayDigest(Array(repeating: 0x5A, count: 32), isReply: false),
        .holidaySchedules(holidaySchedules),
        .holidaySchedules([]),
        .historyRequest(HistoryRequest(dossier: "000.00.12.H56-250701-0001", held: [EventID(origin: "n2", sequence: 2)])),
        .historyRequest(HistoryRequest(dossier: "X", held: [])),
        .history(HistoryAnswer(
            dossier: "000.00.12.H56-250701-0001", served: true,
            batch: EventBatch(events: [events[0]], senderVersionVector: VersionVector(), hasMore: true, isPush: false))),
        .history(HistoryAnswer(dossier: "X", served: false, batch: EventBatch(events: [], senderVersionVector: VersionVector(), hasMore: false, isPush: false))),
        .historyHint(dossier: "000.00.12.H56-250701-0001"),
        .provinceMergeDigest(Array(repeating: 0x6B, count: 32), isReply: true),
        .provinceMerges(provinceMerges),
        .provinceMerges([]),
        .certificateRequest(subjects: ["n2", "n3"]),
        .certificates([SignedTokenSamples.nodeCertificate("n2", province: ProvinceCode("01")!)]),
        .certificates([]),
    ]

    /// The unnamed province (a cluster that never named one) and Cao Bằng (04) merged into
    /// Hà Nội (01), signed by the samples' root.
    static let provinceMerges: [ProvinceMerge] = ["00", "04"].map { try! ProvinceMergeSamples.merge($0, into: "01") }

    /// The schedules of two years, signed by the samples' root.
    static let holidaySchedules: [HolidaySchedule] = [2027, 2028].map { try! HolidayScheduleSamples.schedule($0) }

    /// A digest-first pull whose summary carries the heads that rose above a base.
    static let vectorPull = PeerMessage.vectorPull(VectorPull(
        vector: VectorSummary(versionVector, digest: versionVector.digest, against: VersionVector(["n1": 1])),
        known: Array(repeating: 0x9D, count: VersionVector.digestByteCount), gossip: [records[0]]))

    /// The sample records with the buckets they fall in.
    static let memberBucketRecords = PeerMessage.memberBucketRecords(
        buckets: Set(records.map { UInt8(MemberListDigest.bucket(of: $0.id)) }).sorted(), records: records, isReply: false)

    /// A retirement and a readmission, signed by the samples' root.
    static let decisions: [MembershipDecision] = [
        try! MembershipDecision.sign(
            .retired, member: "n3", clusterID: SignedTokenSamples.clusterID, issuedAtMs: 1_767_225_600_000, lastSequence: 41,
            by: SignedTokenSamples.root),
        try! MembershipDecision.sign(
            .readmitted, member: "xa-tan-lap", clusterID: SignedTokenSamples.clusterID, issuedAtMs: 1_767_225_660_000,
            lastSequence: 0, by: SignedTokenSamples.root),
    ]
}
