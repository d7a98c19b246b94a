import CaseCore
import CaseReplication
import TestSupport
import XCTest
@testable import CaseReplicationDriver

/// The driver performs what the core asks, against a log that refuses or fails on demand.
final class ReplicationDriverTests: XCTestCase {
    /// A log that records its calls, refuses any call holding an event of `refusedOrigin`,
    /// and stores everything else (no gaps checked: the driver, not the log, is under test).
    private final class ScriptedLog: ReplicaLog, @unchecked Sendable {
        var refusedOrigin: String?
        var applyCalls: [[EventID]] = []
        var held = VersionVector()

        struct Refused: Error {}

        func versionVector() throws -> VersionVector { held }
        func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] { [] }
        func event(_ id: EventID) throws -> ChangeEvent? { nil }
        func digest() throws -> StateDigest { .zero }

        var heldCertificates: [String: [Certificate]] = [:]
        var certificateReads = 0
        func certificates(of origins: [String]) throws -> [Certificate] {
            certificateReads += 1
            return origins.flatMap { heldCertificates[$0] ?? [] }
        }
        /// Nil: a log that never divides; a test may give it streams to follow.
        var liveStreams: LiveStreamScope?
        var keepCalls: [[Certificate]] = []
        func keep(certificates: [Certificate]) throws {
            keepCalls.append(certificates)
            for certificate in certificates { heldCertificates[certificate.subject, default: []].append(certificate) }
        }
        func storeDecisions(_ decisions: [MembershipDecision]) throws {}
        func decisions() throws -> [MembershipDecision] { [] }

        /// One province's log: it serves no other.
        func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector { VersionVector() }

        func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
            -> [ChangeEvent] { [] }

        func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
            applyCalls.append(events.map(\.id))
            if events.contains(where: { $0.origin == refusedOrigin }) { throw Refused() }
            for event in events where event.sequence > held[event.origin] { held.advance(event.origin, to: event.sequence) }
            return events
        }
    }

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func event(_ origin: String, _ sequence: Int64) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: sequence, timestamp: HLCTimestamp(physicalMs: 1_000 + sequence, logical: 0),
            dossierCode: "\(origin.uppercased())-250701-0001", kind: .filed, actor: "clerk", centre: origin, payload: [:])
    }

    private func push(_ event: ChangeEvent, from sender: String) -> ReceivedBatch {
        ReceivedBatch(sender: sender, batch: EventBatch(
            events: [event], senderVersionVector: VersionVector([event.origin: event.sequence]), hasMore: false, isPush: true))
    }

    private func driver(_ log: ScriptedLog, persisted: @escaping ([MemberRecord]) -> Void = { _ in }) -> ReplicationDriver {
        let node = ReplicationNode(self: record("a"), configuration: .fast, holding: VersionVector(), seed: 1, nowMs: 0)
        let driver = ReplicationDriver(node: node, log: log, persistRetired: persisted)
        _ = driver.handle(.received(from: "b", .membership(members: [record("b"), record("c")], isReply: true)), nowMs: 0)
        return driver
    }

    func testBatchesAreAppliedTogetherAndOneRefusedBatchDoesNotHoldBackTheOthers() {
        let log = ScriptedLog()
        log.refusedOrigin = "c"
        let driver = driver(log)
        let sent = driver.handle(.receivedBatches([push(event("b", 1), from: "b"), push(event("c", 1), from: "c")]), nowMs: 1)
        XCTAssertEqual(log.applyCalls.count, 3, "together first, then batch by batch")
        XCTAssertEqual(log.applyCalls.first?.count, 2)
        XCTAssertEqual(driver.node.versionVector, VersionVector(["b": 1]))
        XCTAssertEqual(driver.node.statistics.storageErrors, 1)
        let acked = sent.filter { if case .batchAck = $0.message { true } else { false } }.map(\.destination)
        XCTAssertEqual(acked, [.member(id: "b", address: "sim://b")], "only the stored batch is acknowledged")
    }

    func testOutgoingBatchesCarryTheOriginsCertificatesReadOnceUntilANewOneArrives() throws {
        let log = ScriptedLog()
        let root = SigningKey(seed: Array(repeating: 7, count: 32))!
        func certificate(_ serial: UInt8) -> Certificate {
            Certificate.issue(
                CertificateRequest(role: .node, clusterID: "c", subject: "b", publicKey: root.publicKey, validFromMs: 0, validUntilMs: 1),
                serial: Array(repeating: serial, count: Certificate.serialByteCount), by: root)
        }
        log.heldCertificates["b"] = [certificate(1)]
        let driver = driver(log)
        let batch = Envelope(.member(id: "c", address: "sim://c"), .eventBatch(EventBatch(
            events: [event("b", 1)], senderVersionVector: VersionVector(["b": 1]), hasMore: false, isPush: true)))
        func sentCertificates() -> [Certificate] {
            guard case .eventBatch(let sent) = driver.withCertificates(batch).message else { return [] }
            return sent.certificates
        }
        XCTAssertEqual(sentCertificates(), [certificate(1)])
        XCTAssertEqual(sentCertificates(), [certificate(1)])
        XCTAssertEqual(log.certificateReads, 1, "read once, then kept")

        log.heldCertificates["b"] = [certificate(1), certificate(2)]
        var arriving = push(event("b", 2), from: "b")
        arriving.batch.certificates = [certificate(2)]
        _ = driver.handle(.receivedBatches([arriving]), nowMs: 1)
        XCTAssertEqual(sentCertificates(), [certificate(1), certificate(2)], "a batch bringing a new certificate makes the driver read again")
    }

    func testAPeerAskingForCertificatesIsAnsweredWithWhatTheLogHoldsAndNothingWhenItHoldsNone() throws {
        let log = ScriptedLog()
        let root = SigningKey(seed: Array(repeating: 7, count: 32))!
        let certificate = Certificate.issue(
            CertificateRequest(role: .node, clusterID: "c", subject: "c", publicKey: root.publicKey, validFromMs: 0, validUntilMs: 1),
            serial: Array(repeating: 1, count: Certificate.serialByteCount), by: root)
        log.heldCertificates["c"] = [certificate]
        let driver = driver(log)
        let sent = driver.handle(.received(from: "b", .certificateRequest(subjects: ["c", "z"])), nowMs: 1)
        XCTAssertEqual(sent, [Envelope(.member(id: "b", address: "sim://b"), .certificates([certificate]))])
        XCTAssertEqual(driver.handle(.received(from: "b", .certificateRequest(subjects: ["z"])), nowMs: 2), [], "none held: no answer")
    }

    /// The core follows the log's streams before each step, but keeps a merger it holds that
    /// the log did not store (a failed write: the merger is handed out again for storing).
    func testTheCoreFollowsTheLogsStreamsAndKeepsTheMergersItHolds() throws {
        let hanoi = ProvinceCode("01")!
        var placed = ProvinceDirectory()
        placed.place("a", in: hanoi)
        let log = ScriptedLog()
        let live = LiveStreamScope(StreamScope(province: hanoi, directory: placed))
        log.liveStreams = live
        let node = ReplicationNode(
            self: record("a"), configuration: .fast, holding: VersionVector(), seed: 1, nowMs: 0, tokenTrust: SignedTokenSamples.trust,
            scope: live.current)
        let driver = ReplicationDriver(node: node, log: log)
        let merge = try ProvinceMergeSamples.merge("79", into: "01")
        _ = driver.handle(.publishProvinceMerge(merge), nowMs: 1)  // the scripted log stores no merger
        live.learn([SignedTokenSamples.nodeCertificate("b", province: ProvinceCode("79")!)])
        _ = driver.handle(.tick, nowMs: 2)
        XCTAssertEqual(node.scope.province(ofNode: "b"), hanoi, "b placed by the log's certificate, in 79 merged into 01")
        XCTAssertEqual(node.provinceMerges, [merge], "the merger the log did not store stays")
    }

    func testTokenRecordsAreRefusedWhenTheNodeKeepsNoRegistry() {
        let driver = driver(ScriptedLog())
        let token = TokenRecord(
            id: "00000000000000aa", name: "Lan", role: .monitor, centre: nil, createdAtMs: 1, secretHash: Array(repeating: 1, count: 32))
        _ = driver.handle(.received(from: "b", .tokenRecords([token])), nowMs: 1)
        XCTAssertEqual(driver.node.tokens.count, 0)
        XCTAssertEqual(driver.node.statistics.storageErrors, 1)
        XCTAssertEqual(driver.node.statistics.lastStorageError, "this node keeps no token registry")
    }

    func testRetirementsArePersistedBeforeTheStepsMessagesAreHandedBack() {
        var persisted: [[String]] = []
        let driver = driver(ScriptedLog()) { persisted.append($0.map(\.id)) }
        _ = driver.handle(.retire(memberID: "c"), nowMs: 1)
        XCTAssertEqual(persisted, [["c"]])
        _ = driver.handle(.tick, nowMs: 2_000)
        XCTAssertEqual(persisted, [["c"]], "persisted once, when the set changed")
    }
}
