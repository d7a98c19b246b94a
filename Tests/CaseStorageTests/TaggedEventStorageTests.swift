import CaseCore
import CaseReplication
import CaseSQLite
import XCTest
@testable import CaseStorage
import TestSupport

/// Events of format 2 keep their province tags in the store (migration 9): stored and
/// read back as signed, checked on receipt, and an older file upgraded.
final class TaggedEventStorageTests: XCTestCase {
    private typealias Signed = SignedEventStorageTests
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private func store(_ name: String, node: String, key: SigningKey) throws -> CaseStore {
        let store = try CaseStore(path: directory.url.appendingPathComponent(name).path,
                                  signing: EventSigning(signer: (node, key), trust: Signed.trust))
        addTeardownBlock { store.close() }
        return store
    }

    /// n2's events 1–3 of one dossier, tagged 79 and (from the second) 01 as well.
    private func writtenAtN2() throws -> (store: CaseStore, events: [ChangeEvent]) {
        let n2 = try store("n2.sqlite", node: "n2", key: Signed.keyOfN2)
        try n2.write { try $0.storeCertificates([Signed.certificate("n2", Signed.keyOfN2)]) }
        var heads: [ProvinceCode: StreamHead] = [:]
        var written: [ChangeEvent] = []
        for event in TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: 3) {
            let provinces: Set<ProvinceCode> = event.sequence == 1 ? [] : [ProvinceCode("01")!]
            let tags = EventTagging.tags(forSequence: event.sequence, provinces: provinces, own: ProvinceCode("79")!, heads: heads)
            let stored = try n2.write { try $0.append(event.tagged(tags)) }
            for tag in tags { heads[tag.province] = StreamHead(sequence: stored.sequence, link: stored.chain) }
            written.append(stored)
        }
        return (n2, written)
    }

    func testATaggedEventIsStoredAsSignedAndAReceiverStoresItTheSame() throws {
        let (n2, events) = try writtenAtN2()
        XCTAssertEqual(events[2].tags.map(\.province.rawValue), ["01", "79"])
        for event in events { XCTAssertEqual(try n2.read { try $0.event(event.id) }, event) }

        let n1 = SQLiteReplicaLog(store: try store("n1.sqlite", node: "n1", key: SigningKey(seed: [UInt8](repeating: 1, count: 32))!))
        let received = events.map { $0.sealed(chain: [], signature: $0.signature) }
        XCTAssertEqual(try n1.apply(received, certificates: [Signed.certificate("n2", Signed.keyOfN2)]).map(\.sequence), [1, 2, 3])
        XCTAssertEqual(try n1.event(events[2].id), events[2], "the same tags, link and signature as at the origin")
        // A copy that differs only in its tags is another event: reported, not taken as held.
        let retagged = events[2].content.tagged([StreamTag(province: ProvinceCode("79")!, previousSequence: 2, previousLink: [])])
        XCTAssertEqual(try n1.apply([retagged]), [])
        XCTAssertEqual(n1.anomalies.divergentDuplicates, 1)
        let audit = try n2.read { try $0.audit(root: Signed.root.publicKey, clusterID: "tinh-79") }
        XCTAssertTrue(audit.isClean, "\(audit.findings)")
        XCTAssertEqual(audit.signatures, 3)
    }

    func testAReceivedEventWithTagsOutOfTheirOneFormIsRefused() throws {
        let n1 = SQLiteReplicaLog(store: try store("n1.sqlite", node: "n1", key: SigningKey(seed: [UInt8](repeating: 1, count: 32))!))
        let event = TestEvents.filed("N2-250701-0001", origin: "n2", sequence: 1)
        let unsorted = event.tagged([StreamTag(province: ProvinceCode("79")!, previousSequence: 0, previousLink: []),
                                     StreamTag(province: ProvinceCode("01")!, previousSequence: 0, previousLink: [])])
        XCTAssertThrowsError(try n1.apply([unsorted])) { error in
            XCTAssertTrue("\(error)".contains("province tags not in their one valid form"), "\(error)")
        }
        XCTAssertEqual(try n1.versionVector(), VersionVector())
    }

    func testMigrationNineAddsTheColumnAndEventsHeldReadBackUntagged() throws {
        let n2 = try store("old.sqlite", node: "n2", key: Signed.keyOfN2)
        let events = try TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: 2).map { event in
            try n2.write { try $0.append(event) }
        }
        let path = n2.path
        n2.close()
        let connection = try SQLiteConnection(path: path)
        try connection.execute("ALTER TABLE events DROP COLUMN tags")
        try connection.setUserVersion(8)
        try connection.close()

        let upgraded = try CaseStore(path: path)
        defer { upgraded.close() }
        for event in events { XCTAssertEqual(try upgraded.read { try $0.event(event.id) }, event) }
        XCTAssertEqual(try upgraded.read { try $0.event(events[1].id) }?.tags, [])
    }
}
