import CaseCore
import CaseReplication
import CaseSQLite
import XCTest
@testable import CaseStorage
import TestSupport

/// A node signs what it writes; a receiver with the root key stores what a certified
/// signature vouches for; the audit names an event whose bytes were altered in the file.
final class SignedEventStorageTests: XCTestCase {
    static let root = SigningKey(seed: [UInt8](repeating: 0xD0, count: 32))!
    static let keyOfN2 = SigningKey(seed: [UInt8](repeating: 0xD2, count: 32))!
    static let keyOfN3 = SigningKey(seed: [UInt8](repeating: 0xD3, count: 32))!
    static let trust = EventTrust.verified(root: root.publicKey, clusterID: "tinh-79", acceptsUnsigned: false)

    static func certificate(_ subject: String, _ key: SigningKey) -> Certificate {
        Certificate.issue(
            CertificateRequest(role: .node, clusterID: "tinh-79", subject: subject, publicKey: key.publicKey,
                               validFromMs: TestEvents.baseMs - 86_400_000, validUntilMs: TestEvents.baseMs + 365 * 86_400_000),
            serial: [UInt8](repeating: subject == "n2" ? 2 : 3, count: 16), by: root)
    }

    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private func store(_ name: String, node: String, key: SigningKey) throws -> CaseStore {
        let store = try CaseStore(path: directory.url.appendingPathComponent(name).path,
                                  signing: EventSigning(signer: (node, key), trust: Self.trust))
        addTeardownBlock { store.close() }
        return store
    }

    /// n2 writes `count` events of its own, signed, and returns them as stored.
    private func writtenAtN2(_ count: Int) throws -> (store: CaseStore, events: [ChangeEvent]) {
        let n2 = try store("n2.sqlite", node: "n2", key: Self.keyOfN2)
        try n2.write { try $0.storeCertificates([Self.certificate("n2", Self.keyOfN2)]) }
        let events = try TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: count).map { event in
            try n2.write { try $0.append(event) }
        }
        return (n2, events)
    }

    func testARevokedOriginsEventsAfterTheCutOffAreRefusedAndTheDecisionIsKept() throws {
        let (_, events) = try writtenAtN2(4)
        let n1 = SQLiteReplicaLog(store: try store("n1.sqlite", node: "n1", key: SigningKey(seed: [UInt8](repeating: 1, count: 32))!))
        let retirement = try MembershipDecision.sign(
            .retired, member: "n2", clusterID: "tinh-79", issuedAtMs: 1_767_225_600_000, lastSequence: 2, by: Self.root)
        try n1.storeDecisions([retirement])
        let received = events.map { $0.sealed(chain: [], signature: $0.signature) }
        XCTAssertEqual(try n1.apply(received, certificates: [Self.certificate("n2", Self.keyOfN2)]).map(\.sequence), [1, 2])
        XCTAssertEqual(n1.anomalies.refusedRuns, 1)
        XCTAssertEqual(try n1.decisions(), [retirement])

        // An older decision does not replace it; a readmission lifts the cut-off.
        let older = try MembershipDecision.sign(.readmitted, member: "n2", clusterID: "tinh-79", issuedAtMs: 1_767_225_000_000, lastSequence: 0, by: Self.root)
        try n1.storeDecisions([older])
        XCTAssertEqual(try n1.decisions(), [retirement])
        let readmission = try MembershipDecision.sign(.readmitted, member: "n2", clusterID: "tinh-79", issuedAtMs: 1_767_226_000_000, lastSequence: 0, by: Self.root)
        try n1.storeDecisions([readmission])
        XCTAssertEqual(try n1.apply(received, certificates: []).map(\.sequence), [3, 4])
    }

    func testTheAuditNamesEventsStoredBeforeTheRevocationReachedThisNode() throws {
        let (_, events) = try writtenAtN2(4)
        let n1Store = try store("n1.sqlite", node: "n1", key: SigningKey(seed: [UInt8](repeating: 1, count: 32))!)
        let n1 = SQLiteReplicaLog(store: n1Store)
        XCTAssertEqual(try n1.apply(events.map { $0.sealed(chain: [], signature: $0.signature) }, certificates: [Self.certificate("n2", Self.keyOfN2)]).count, 4)
        XCTAssertTrue(try n1Store.read { try $0.audit(root: Self.root.publicKey, clusterID: "tinh-79") }.isClean)

        try n1.storeDecisions([try MembershipDecision.sign(
            .retired, member: "n2", clusterID: "tinh-79", issuedAtMs: 1_767_225_600_000, lastSequence: 2, by: Self.root)])
        let report = try n1Store.read { try $0.audit(root: Self.root.publicKey, clusterID: "tinh-79") }
        XCTAssertEqual(report.findings.map(\.event.description), ["n2/3", "n2/4"])
        XCTAssertTrue(report.findings.allSatisfy { $0.problem.contains("after the cluster root revoked n2") }, "\(report.findings)")
        XCTAssertTrue(try n1Store.read { try $0.audit(root: nil, clusterID: "tinh-79") }.isClean, "without the root key no decision is trusted")
    }

    func testAReceiverStoresSignedEventsAndRefusesThoseSignedByAnotherNode() throws {
        let (_, events) = try writtenAtN2(3)
        XCTAssertTrue(events.allSatisfy { $0.signature.count == 64 })
        let n1 = SQLiteReplicaLog(store: try store("n1.sqlite", node: "n1", key: SigningKey(seed: [UInt8](repeating: 1, count: 32))!))
        let certificates = [Self.certificate("n2", Self.keyOfN2), Self.certificate("n3", Self.keyOfN3)]

        // n3 forges n2's history: its own key, n2's origin.
        var link = EventChain.genesis(origin: "n2")
        let forged = TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: 3).map { event -> ChangeEvent in
            let sealed = EventChain.seal(event, after: link, key: Self.keyOfN3)
            link = sealed.chain
            return sealed.sealed(chain: [], signature: sealed.signature)
        }
        let other = TestEvents.chain(origin: "n3", code: "N3-250701-0001", count: 2)
        var n3link = EventChain.genesis(origin: "n3")
        let fromN3 = other.map { event -> ChangeEvent in
            let sealed = EventChain.seal(event, after: n3link, key: Self.keyOfN3)
            n3link = sealed.chain
            return sealed
        }
        XCTAssertEqual(try n1.apply(forged + fromN3, certificates: certificates).map(\.id.description), ["n3/1", "n3/2"],
                       "the forgery is dropped, the other origin is stored")
        XCTAssertEqual(n1.anomalies.refusedRuns, 1)
        XCTAssertEqual(try n1.versionVector()["n2"], 0)
        XCTAssertEqual(try n1.apply(events.map { $0.sealed(chain: [], signature: $0.signature) }, certificates: certificates).count, 3,
                       "the real events, from any peer, are stored")
        XCTAssertEqual(try n1.event(events[2].id), events[2], "stored with the same link and signature as at the origin")
    }

    func testTheAuditPassesAndNamesTheEventWhoseBytesWereAlteredInTheFile() throws {
        let (n2, _) = try writtenAtN2(4)
        let clean = try n2.read { try $0.audit(root: Self.root.publicKey, clusterID: "tinh-79") }
        XCTAssertTrue(clean.isClean, "\(clean.findings)")
        XCTAssertEqual(clean.signatures, 4)
        XCTAssertTrue(clean.signaturesChecked)
        let path = n2.path
        n2.close()

        let connection = try SQLiteConnection(path: path)
        try connection.execute("UPDATE events SET actor = 'kẻ giả mạo' WHERE origin = 'n2' AND seq = 3")
        try connection.close()
        let altered = try CaseStoreFileAudit.audit(path: path, root: Self.root.publicKey, clusterID: "tinh-79")
        XCTAssertEqual(altered.findings.map(\.event.description), ["n2/3"])
        XCTAssertTrue(altered.findings[0].problem.contains("altered"), altered.findings[0].problem)
    }

    func testMigrationFiveLinksTheEventsOfAnOlderFile() throws {
        let (n2, events) = try writtenAtN2(3)
        let path = n2.path
        n2.close()
        let connection = try SQLiteConnection(path: path)
        try connection.execute("UPDATE events SET chain = NULL, signature = NULL")
        try connection.setUserVersion(3)
        try connection.close()
        // Migration 4 rebuilds the events table (dropping the columns), then 5 adds and fills them.
        let upgraded = try CaseStore(path: path)
        defer { upgraded.close() }
        for event in events { XCTAssertEqual(try upgraded.read { try $0.event(event.id) }?.chain, event.chain) }
        XCTAssertEqual(try upgraded.read { try $0.event(events[0].id) }?.signature, [])
    }
}
