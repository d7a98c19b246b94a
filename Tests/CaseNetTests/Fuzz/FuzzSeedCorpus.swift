import CaseCore
import Foundation
import CaseCrypto
import CaseReplication
import CaseWire
import TestSupport

/// The seed corpus of every fuzz target, built from the real encoders and
/// real request texts, so the files in Tools/fuzz/corpus never drift from
/// the formats they seed: `FuzzCorpusReplayTests` compares them with this
/// list, and rewrites them when CASESTORE_WRITE_FUZZ_SEEDS=1 is set.
///
/// Each seed names the outcome its check must report (`FuzzOutcomeSummary`),
/// so a seed that stops reaching the code it was written for is noticed.
struct FuzzSeed {
    let target: String
    let name: String
    let bytes: [UInt8]
    let expected: String
}

enum FuzzSeedCorpus {
    static var all: [FuzzSeed] {
        frameSeeds + peerMessageSeeds + handshakeSeeds + sealedFrameSeeds + httpRequestSeeds + jsonBodySeeds
    }

    // MARK: - Peer protocol

    static let member = MemberRecord(
        id: "xa-tan-lap", peerAddress: "10.0.0.7:7701", httpAddress: "10.0.0.7:8080", incarnation: 3, state: .alive)
    static let suspect = MemberRecord(
        id: "phuong-1", peerAddress: "[fd00::2]:7701", httpAddress: "[fd00::2]:8080", incarnation: 12, state: .suspect)
    static let vector = VersionVector(["phuong-1": 7, "xa-tan-lap": 42])

    /// A year's schedule as the root publishes it: the rule's days of 2027, one make-up Saturday.
    static var holidaySchedule: HolidaySchedule { try! HolidayScheduleSamples.schedule(2027, makeUps: ["2027-02-20"]) }

    static var filedEvent: ChangeEvent {
        ChangeEvent(
            origin: "xa-tan-lap", sequence: 42, timestamp: HLCTimestamp(physicalMs: 1_751_330_000_000, logical: 2),
            dossierCode: "000.00.12.H56-250701-0042", kind: .filed, actor: "Trần Thị Thu", centre: "xa-tan-lap",
            payload: ["procedureCode": "1.001193", "applicant": ["fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"]])
    }

    static let clerkToken = TokenRecord(
        id: "0123456789abcdef", name: "Lê Thị Hoa", role: .clerk, centre: "xa-tan-lap", createdAtMs: 1_751_335_200_000,
        secretHash: SHA256.hash(Array("seed clerk token".utf8)))
    static let revokedAdminToken = TokenRecord(
        id: "00000000000000ff", name: "Quản trị xã", role: .admin, centre: nil, createdAtMs: 1_751_330_000_000,
        revokedAtMs: 1_751_400_000_000, secretHash: SHA256.hash(Array("seed admin token".utf8)))

    /// One message of every kind, as the nodes send them.
    static var messages: [(name: String, message: PeerMessage)] {
        [
            ("hello", .hello(hello(HandshakeFuzzCheck.clusterID, "xa-tan-lap", 2...2, key: HandshakeFuzzCheck.currentKey))),
            ("hello-ack", .helloAck(answerToOpener)),
            ("refuse", .refuse(reason: "cluster id \"other\" is not this cluster's \"fuzz-cluster\"")),
            ("ping", .ping(sequence: 1, gossip: [member])),
            ("ack", .ack(sequence: 300, gossip: [member, suspect])),
            ("ping-request", .pingRequest(sequence: 9, target: "phuong-1", gossip: [])),
            ("sync-request", .syncRequest(SyncRequest(versionVector: vector, gossip: [suspect]))),
            ("event-batch", .eventBatch(EventBatch(events: [filedEvent], senderVersionVector: vector, hasMore: true, isPush: false))),
            ("batch-ack", .batchAck(versionVector: vector)),
            ("membership", .membership(members: [member, suspect], isReply: true)),
            ("member-digest", .memberDigest(Array(SHA256.hash(Array("seed member list".utf8)).prefix(MemberListDigest.rootByteCount)),
                                            sender: member)),
            ("member-bucket-digests", .memberBucketDigests(MemberListDigest(sortedRecords: [suspect, member]).buckets)),
            ("member-bucket-records", .memberBucketRecords(
                buckets: Set([suspect, member].map { UInt8(MemberListDigest.bucket(of: $0.id)) }).sorted(), records: [suspect, member],
                isReply: false)),
            ("vector-pull", .vectorPull(VectorPull(
                vector: VectorSummary(vector, digest: vector.digest, against: VersionVector(["phuong-1": 7])), known: vector.digest,
                gossip: [suspect]))),
            ("vector-answer", .vectorAnswer(VectorAnswer(vector: VectorSummary(vector, digest: vector.digest, against: nil), known: []))),
            ("token-digest", .tokenDigest(TokenDigest(records: [revokedAdminToken, clerkToken]), isReply: false)),
            ("token-records", .tokenRecords([clerkToken, revokedAdminToken])),
            ("signed-token-records", .signedTokenRecords([SignedTokenSamples.clerkOfN1, SignedTokenSamples.revokedAdminByRoot])),
            ("holiday-digest", .holidayDigest(Array(repeating: 0x5A, count: 32), isReply: true)),
            ("holiday-schedules", .holidaySchedules([holidaySchedule])),
            ("province-merge-digest", .provinceMergeDigest(Array(repeating: 0x6B, count: 32), isReply: false)),
            ("province-merges", .provinceMerges([try! ProvinceMergeSamples.merge("00", into: "01")])),
            ("certificate-request", .certificateRequest(subjects: ["n2", "n3"])),
            ("certificates", .certificates([SignedTokenSamples.nodeCertificate("n2", province: ProvinceCode("01")!)])),
        ]
    }

    static func frameBytes(_ message: PeerMessage) -> [UInt8] {
        FrameEncoder.encode(PeerMessageCodec.encode(message))
    }

    /// The two frame types that are not messages: a handshake proof (11) and
    /// a sealed ping (12), the first frame of a session of the seed hello.
    static var transportFrames: [(name: String, frame: Frame)] {
        let hello = hello(HandshakeFuzzCheck.clusterID, "xa-tan-lap", 2...2, key: HandshakeFuzzCheck.currentKey)
        let transcript = transcript(for: hello, key: HandshakeFuzzCheck.currentKey)
        var sealer = FrameSealer(key: transcript.sessionKeys(key: HandshakeFuzzCheck.currentKey).openerToAcceptor, version: transcript.version)
        let wire = sealer.seal(PeerMessageCodec.encode(.ping(sequence: 1, gossip: [member])))
        let sealed = Frame(type: PeerFrameType.sealed, version: transcript.version, payload: Array(wire.dropFirst(FrameHeader.byteCount)))
        return [
            ("handshake-proof", proofFrame(for: hello, key: HandshakeFuzzCheck.currentKey)),
            ("sealed", sealed),
        ]
    }

    static var frameSeeds: [FuzzSeed] {
        var seeds = messages.map { FuzzSeed(target: "frame", name: $0.name, bytes: frameBytes($0.message), expected: "1 frames, error none") }
        seeds += transportFrames.map { FuzzSeed(target: "frame", name: $0.name, bytes: FrameEncoder.encode($0.frame), expected: "1 frames, error none") }
        let stream = messages.suffix(3).flatMap { frameBytes($0.message) }
        seeds.append(FuzzSeed(target: "frame", name: "three-frames", bytes: stream, expected: "3 frames, error none"))
        seeds.append(FuzzSeed(target: "frame", name: "half-a-frame", bytes: Array(stream.prefix(20)), expected: "0 frames, error none"))
        return seeds
    }

    static var peerMessageSeeds: [FuzzSeed] {
        func bytes(_ frame: Frame) -> [UInt8] { [UInt8(frame.type), UInt8(frame.version)] + frame.payload }
        let versionOne = PeerMessage.hello(hello(HandshakeFuzzCheck.clusterID, "xa-tan-lap", 1...1, key: nil))
        var seeds = (messages + [("hello-v1", versionOne)]).map { name, message in
            FuzzSeed(target: "peer-message", name: name, bytes: bytes(PeerMessageCodec.encode(message)), expected: "\(message.kind)")
        }
        // Not messages: the codec must refuse both frame types.
        seeds += transportFrames.map { FuzzSeed(target: "peer-message", name: $0.name, bytes: bytes($0.frame), expected: "refused") }
        return seeds
    }

    // MARK: - Handshake

    /// The nonce of every seed opener but this node's (`HandshakeFuzzCheck.openerNonce`).
    static let seedOpenerNonce = (0..<UInt8(HandshakeTranscript.nonceByteCount)).map { 0xA0 &+ $0 }

    /// A hello offering `versions`, naming `key` (none: a version-1 build's hello).
    static func hello(
        _ cluster: String, _ node: String, _ versions: ClosedRange<UInt16>, key: ClusterKey?, nonce: [UInt8] = seedOpenerNonce
    ) -> Hello {
        Hello(clusterID: cluster, nodeID: node, minVersion: versions.lowerBound, maxVersion: versions.upperBound,
              keyID: key?.id, nonce: key == nil ? [] : nonce)
    }

    /// What both sides prove when the fuzz acceptor answers `hello` (its fixed nonce).
    static func transcript(for hello: Hello, key: ClusterKey, acceptorNodeID: String = HandshakeFuzzCheck.acceptorNodeID) -> HandshakeTranscript {
        HandshakeTranscript(
            version: PeerProtocol.negotiatedVersion(local: PeerProtocol.sharedKeyVersions, remote: hello.minVersion...hello.maxVersion) ?? PeerProtocol.sharedKeyVersions.upperBound,
            clusterID: hello.clusterID, openerNodeID: hello.nodeID, acceptorNodeID: acceptorNodeID, keyID: key.id,
            openerNonce: hello.nonce, acceptorNonce: HandshakeFuzzCheck.acceptorNonce)
    }

    /// The opener's proof frame for `hello`, as the acceptor expects it.
    static func proofFrame(for hello: Hello, key: ClusterKey) -> Frame {
        let transcript = transcript(for: hello, key: key)
        return Frame(type: PeerFrameType.handshakeProof, version: transcript.version, payload: transcript.proof(of: .opener, key: key))
    }

    /// The fuzz acceptor's valid answer to the hello of the node `HandshakeFuzzCheck` plays the opener of.
    static var answerToOpener: HelloAck {
        answer(to: HandshakeFuzzCheck.openerHello, from: HandshakeFuzzCheck.acceptorNodeID, role: .acceptor)
    }

    /// A helloAck from `node` to `hello`, carrying `role`'s proof (the acceptor's is the right one).
    static func answer(to hello: Hello, from node: String, role: HandshakeRole) -> HelloAck {
        let key = HandshakeFuzzCheck.currentKey
        let transcript = transcript(for: hello, key: key, acceptorNodeID: node)
        return HelloAck(nodeID: node, version: transcript.version, nonce: HandshakeFuzzCheck.acceptorNonce, proof: transcript.proof(of: role, key: key))
    }

    static var handshakeSeeds: [FuzzSeed] {
        let cluster = HandshakeFuzzCheck.clusterID
        let current = HandshakeFuzzCheck.currentKey
        let previous = HandshakeFuzzCheck.previousKey
        let good = hello(cluster, "xa-tan-lap", 2...2, key: current)
        let goodProof = proofFrame(for: good, key: current)
        func opens(_ hello: Hello, _ frames: Frame...) -> [UInt8] {
            frameBytes(.hello(hello)) + frames.flatMap { FrameEncoder.encode($0) }
        }
        var changed = goodProof
        changed.payload[7] ^= 0x10
        var reflected = goodProof
        reflected.payload = transcript(for: good, key: current).proof(of: .acceptor, key: current)
        let replayed = proofFrame(for: hello(cluster, "xa-tan-lap", 2...2, key: current, nonce: Array(seedOpenerNonce.reversed())), key: current)
        let plaintextPing = PeerMessageCodec.encode(.ping(sequence: 1, gossip: []))
        let newer = hello(cluster, "xa-tan-lap", 2...4, key: current)
        let rotating = hello(cluster, "xa-tan-lap", 2...2, key: previous)
        let ourHello = HandshakeFuzzCheck.openerHello
        var changedAnswer = answerToOpener
        changedAnswer.proof[0] ^= 0x01
        let acceptorSeeds: [(String, [UInt8], String)] = [
            ("hello", opens(good), "answer v2 then waiting"),
            ("hello-then-proof", opens(good, goodProof), "answer v2 then accept"),
            ("hello-then-proof-then-sealed", opens(good, goodProof) + FrameEncoder.encode(transportFrames[1].frame), "answer v2 then accept"),
            ("hello-newer-opener-then-proof", opens(newer, proofFrame(for: newer, key: current)), "answer v2 then accept"),
            ("hello-previous-key-then-proof", opens(rotating, proofFrame(for: rotating, key: previous)), "answer v2 then accept"),
            ("hello-then-reflected-proof", opens(good, reflected), "answer v2 then refuse"),
            ("hello-then-changed-proof", opens(good, changed), "answer v2 then refuse"),
            ("hello-then-replayed-proof", opens(good, replayed), "answer v2 then refuse"),
            ("hello-then-ping", opens(good, plaintextPing), "answer v2 then refuse"),
            ("hello-foreign-key", opens(hello(cluster, "xa-tan-lap", 2...2, key: HandshakeFuzzCheck.foreignKey)), "refuse"),
            ("hello-v1", opens(hello(cluster, "xa-tan-lap", 1...1, key: nil)), "refuse"),
            ("hello-v2-without-key", opens(hello(cluster, "xa-tan-lap", 2...2, key: nil)), "refuse"),
            ("hello-other-cluster", opens(hello("other-cluster", "xa-tan-lap", 2...2, key: current)), "refuse"),
            ("hello-retired", opens(hello(cluster, HandshakeFuzzCheck.refusedNodeID, 2...2, key: current)), "refuse"),
        ]
        let openerSeeds: [(String, [UInt8], String)] = [
            ("hello-ack", frameBytes(.helloAck(answerToOpener)), "accept v2"),
            ("hello-ack-reflected", frameBytes(.helloAck(answer(to: ourHello, from: HandshakeFuzzCheck.acceptorNodeID, role: .opener))), "close"),
            ("hello-ack-changed-proof", frameBytes(.helloAck(changedAnswer)), "close"),
            ("hello-ack-other-node", frameBytes(.helloAck(answer(to: ourHello, from: "phuong-1", role: .acceptor))), "close"),
            ("hello-ack-v1", frameBytes(.helloAck(HelloAck(nodeID: HandshakeFuzzCheck.acceptorNodeID, version: 1))), "close"),
            ("hello-ack-then-data", frameBytes(.helloAck(answerToOpener)) + FrameEncoder.encode(plaintextPing), "close"),
            ("refuse", frameBytes(.refuse(reason: "xa-tan-lap is retired")), "close"),
        ]
        return acceptorSeeds.map { FuzzSeed(target: "handshake", name: $0.0, bytes: $0.1, expected: "acceptor \($0.2), opener close") }
            + openerSeeds.map { FuzzSeed(target: "handshake", name: $0.0, bytes: $0.1, expected: "acceptor close, opener \($0.2)") }
    }

    // MARK: - Sealed frames

    static var sealedFrameSeeds: [FuzzSeed] {
        let ping = PeerMessageCodec.encode(.ping(sequence: 1, gossip: [member]))
        let batch = PeerMessageCodec.encode(.eventBatch(EventBatch(events: [filedEvent], senderVersionVector: vector, hasMore: false, isPush: true)))
        let tokens = PeerMessageCodec.encode(.tokenRecords([clerkToken, revokedAdminToken]))
        func sealed(_ frames: [Frame], key: [UInt8] = SealedFrameFuzzCheck.key, version: UInt16 = SealedFrameFuzzCheck.version) -> [[UInt8]] {
            var sealer = FrameSealer(key: key, version: version)
            return frames.map { sealer.seal($0) }
        }
        let session = sealed([ping, batch, tokens])
        let seeds: [(String, [UInt8], String)] = [
            ("sealed-ping", session[0], "raw refused, 1 opened, stop none"),
            ("sealed-ping-payload", Array(session[0].dropFirst(FrameHeader.byteCount)), "raw opens, 0 opened, stop framing"),
            ("three-sealed-frames", session.flatMap { $0 }, "raw refused, 3 opened, stop none"),
            ("reordered", session[1] + session[0], "raw refused, 0 opened, stop authenticationFailed"),
            ("replayed", session[0] + session[0], "raw refused, 1 opened, stop authenticationFailed"),
            ("torn", session[0] + session[1].prefix(30), "raw refused, 1 opened, stop incomplete"),
            ("plaintext-ping", FrameEncoder.encode(ping), "raw refused, 0 opened, stop notSealed"),
            ("other-version", sealed([ping], version: SealedFrameFuzzCheck.version + 1)[0], "raw refused, 0 opened, stop wrongVersion"),
            ("other-direction", sealed([ping], key: SealedFrameFuzzCheck.otherDirectionKey)[0], "raw refused, 0 opened, stop authenticationFailed"),
            ("too-short", FrameEncoder.encode(Frame(type: PeerFrameType.sealed, version: SealedFrameFuzzCheck.version, payload: Array(repeating: 7, count: 10))),
             "raw refused, 0 opened, stop tooShort"),
        ]
        return seeds.map { FuzzSeed(target: "sealed-frame", name: $0.0, bytes: $0.1, expected: $0.2) }
    }

    // MARK: - HTTP

    /// A filing with an NFD (decomposed) Vietnamese name, as some keyboards
    /// and older systems send it; the node must store it as NFC.
    static var filingNFD: String {
        """
        {"procedureCode":"1.001193","applicant":{"fullName":"\("Nguyễn Thị Hồng Nhung".decomposedStringWithCanonicalMapping)",\
        "idNumber":"001190012345","birthDate":"1990-05-01","phone":"+84912345678",\
        "address":{"provinceCode":"01","communeCode":"00004","detail":"\("Số 5 ngõ 12 phố Đội Cấn".decomposedStringWithCanonicalMapping)"}},\
        "documents":[{"name":"Tờ khai đăng ký khai sinh","originals":1,"copies":0}],"note":"Khai sinh cho con thứ hai"}
        """
    }

    static let filingNFC = """
        {
          "procedureCode": "2.000815",
          "channel": "online",
          "applicant": {
            "kind": "citizen",
            "fullName": "Nguyễn Văn Ánh",
            "idNumber": "001090012345",
            "email": "anh.nguyen@example.vn",
            "representative": {"fullName": "Lê Thị Bích Ngọc", "idNumber": "079185000123", "relation": "vợ"}
          },
          "competentCentre": "phuong-1",
          "documents": [
            {"name": "Bản chính giấy khai sinh", "originals": 1, "copies": 2},
            {"name": "Bản quét", "originals": 0, "copies": 0,
             "sha256": "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "sizeBytes": 48213}
          ],
          "actor": "Trần Thị Thu"
        }
        """

    static let filingOrganisation = """
        {"procedureCode":"1.001193","applicant":{"kind":"organisation","fullName":"Công ty TNHH Tân Lập",\
        "idNumber":"0100107518-001"},"documents":[{"name":"Giấy ủy quyền","originals":1}]}
        """

    static func post(_ path: String, _ body: String, extraHeaders: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n\(extraHeaders)"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static var httpRequestSeeds: [FuzzSeed] {
        let get = "GET /v1/dossiers?status=received&q=H%E1%BB%93ng+Nhung&limit=20 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: application/json\r\n\r\n"
        let action = post("/v1/dossiers/000.00.12.H56-250701-0042/actions?replicas=1", #"{"action":"accept","note":"Đủ hồ sơ"}"#)
        let chunked = "POST /v1/dossiers HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n"
        let texts: [(String, String, String)] = [
            ("get-search", get, "1 requests, error none"),
            ("post-filing-nfd", post("/v1/dossiers", filingNFD), "1 requests, error none"),
            ("post-action", action, "1 requests, error none"),
            ("pipelined", get + action + "GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "3 requests, error none"),
            ("expect-continue", post("/v1/dossiers", filingOrganisation, extraHeaders: "Expect: 100-continue\r\n"), "1 requests, error none"),
            ("http-1.0", "GET /health HTTP/1.0\r\n\r\n", "1 requests, error none"),
            ("chunked", chunked, "0 requests, error 501 transfer_encoding_not_implemented"),
            ("percent-path", "DELETE /v1/tokens/t%C3%B4i%2Fb HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer abc\r\n\r\n", "1 requests, error none"),
        ]
        return texts.map { FuzzSeed(target: "http-request", name: $0.0, bytes: Array($0.1.utf8), expected: $0.2) }
    }

    // MARK: - JSON bodies

    static var jsonBodySeeds: [FuzzSeed] {
        let bodies: [(String, String, String)] = [
            ("filing-nfd", filingNFD, "valid filing"),
            ("filing-nfc", filingNFC, "valid filing"),
            ("filing-organisation", filingOrganisation, "valid filing"),
            ("filing-unknown-procedure", #"{"procedureCode":"9.999999","applicant":{"fullName":"A","idNumber":"001090012345"}}"#, "filing"),
            ("action-accept", #"{"action":"accept","note":"Đủ hồ sơ","actor":"Trần Thị Thu"}"#, "action"),
            ("action-transfer", #"{"action":"transfer","to":"phuong-1","reason":"Sáp nhập xã"}"#, "action"),
            ("action-apologize", #"{"action":"apologize","newDueAt":"2025-07-15T17:00:00+07:00","reason":"Chờ xác minh"}"#, "action"),
            ("settle", #"{"action":"settle","events":["xa-tan-lap/7","phuong-1/3"],"note":"Giữ bước của xã"}"#, "settle"),
            ("numbers", #"[0,-1,9223372036854775807,-9223372036854775808,9223372036854775808,1.5e300,-0.0,1E-7]"#, "parsed"),
            ("escapes", #"{"a":"\u1ED3\ud83d\ude00\n\t\"\\\/","b":[true,false,null,{}]}"#, "parsed"),
        ]
        return bodies.map { FuzzSeed(target: "json-body", name: $0.0, bytes: Array($0.1.utf8), expected: $0.2) }
    }
}
