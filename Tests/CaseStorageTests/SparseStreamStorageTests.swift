import CaseCore
import CaseReplication
import CaseSQLite
import XCTest
@testable import CaseStorage
import TestSupport

/// The SQLite log with provinces, as the simulator's in-memory log does it
/// (`ProvinceLogTests`): an origin serves another province only its events tagged with it,
/// each with its predecessor's link; a node of that province keeps them as a sparse stream
/// under `o@P`, serves them on to its province's other nodes, and holds nothing else.
final class SparseStreamStorageTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let danang = ProvinceCode("04")!
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var provinces: ProvinceDirectory {
        var provinces = ProvinceDirectory()
        for (centre, province) in [("n1", hanoi), ("n2", hanoi), ("n3", danang), ("n4", danang)] { provinces.place(centre, in: province) }
        return provinces
    }

    private func log(_ name: String, in province: ProvinceCode) throws -> SQLiteReplicaLog {
        let store = try CaseStore(path: directory.path("\(name).sqlite"), streams: StreamScope(province: province, directory: provinces))
        addTeardownBlock { store.close() }
        return SQLiteReplicaLog(store: store)
    }

    /// n1 files A for itself (tagged 01), B for n3 (01 and 04), and notes on B (01 and 04).
    private func origin() throws -> (log: SQLiteReplicaLog, events: [ChangeEvent]) {
        let n1 = try log("n1", in: hanoi)
        let plan: [(ChangeEvent, Set<ProvinceCode>)] = [
            (TestEvents.filed("N1-250701-0001", origin: "n1", sequence: 1), [hanoi]),
            (TestEvents.filed("N1-250701-0002", origin: "n1", sequence: 2), [hanoi, danang]),
            (TestEvents.step(.note, "N1-250701-0002", origin: "n1", sequence: 3, atMs: 3, payload: ["note": "ghi chú"]), [hanoi, danang]),
            (TestEvents.step(.note, "N1-250701-0002", origin: "n1", sequence: 4, atMs: 4, payload: ["note": "ghi chú"]), [hanoi, danang]),
        ]
        var heads: [ProvinceCode: StreamHead] = [:]
        var written: [ChangeEvent] = []
        for (event, provinces) in plan {
            let tags = EventTagging.tags(forSequence: event.sequence, provinces: provinces, own: hanoi, heads: heads)
            let stored = try n1.store.write { try $0.append(event.tagged(tags)) }
            for tag in tags { heads[tag.province] = StreamHead(sequence: stored.sequence, link: stored.chain) }
            written.append(stored)
        }
        return (n1, written)
    }

    private func served(by log: SQLiteReplicaLog, to province: ProvinceCode, after vector: VersionVector = VersionVector()) throws -> [ChangeEvent] {
        try log.events(missingFrom: vector, servingProvince: province, maxEvents: 100, maxBytes: 1 << 20)
    }

    func testAnOriginServesAnotherProvinceOnlyWhatIsTaggedWithItWithPredecessorLinks() throws {
        let (n1, events) = try origin()
        XCTAssertEqual(try n1.versionVector(servingProvince: danang), VersionVector(["n1@04": 4]))
        XCTAssertEqual(try n1.versionVector(servingProvince: ProvinceCode("48")!), VersionVector())
        let sent = try served(by: n1, to: danang)
        XCTAssertEqual(sent.map(\.sequence), [2, 3, 4])
        XCTAssertEqual(sent.map(\.predecessorLink), [events[0].chain, events[1].chain, events[2].chain])
        XCTAssertEqual(try served(by: n1, to: danang, after: VersionVector(["n1@04": 3])).map(\.sequence), [4])
    }

    func testAReceiverKeepsTheSparseStreamServesItOnAndHoldsNothingElse() throws {
        let (n1, events) = try origin()
        let n3 = try log("n3", in: danang)
        XCTAssertEqual(try n3.apply([events[0].sealed(chain: [], signature: [])]), [], "not tagged with 04: not for it")
        let sent = try served(by: n1, to: danang)
        XCTAssertEqual(try n3.apply(sent).map(\.sequence), [2, 3, 4])
        XCTAssertEqual(try n3.versionVector(), VersionVector(["n1@04": 4]))
        for event in events[1...] { XCTAssertEqual(try n3.event(event.id), event, "the same event, its link worked out over its predecessor's") }
        XCTAssertNil(try n3.event(events[0].id))
        XCTAssertNil(try n3.store.read { try $0.dossier(code: "N1-250701-0001") })
        XCTAssertNotNil(try n3.store.read { try $0.dossier(code: "N1-250701-0002") })
        XCTAssertEqual(try n3.apply(sent), [], "applying twice changes nothing")

        // n4, of the same province, takes the stream from n3: same keys, links kept.
        let n4 = try log("n4", in: danang)
        let fromN3 = try n3.events(missingFrom: VersionVector(), maxEvents: 100, maxBytes: 1 << 20)
        XCTAssertEqual(fromN3.map(\.predecessorLink), [events[0].chain, events[1].chain, events[2].chain])
        XCTAssertEqual(try n4.apply(fromN3).map(\.sequence), [2, 3, 4])
        XCTAssertEqual(try n4.digest(), try n3.digest())
    }

    func testAfterAMergerTheReceiverPullsTheOriginWholeKeepingWhatItHeldOnce() throws {
        let (n1, events) = try origin()
        let n3 = try log("n3", in: danang)
        XCTAssertEqual(try n3.apply(try served(by: n1, to: danang)).map(\.sequence), [2, 3, 4])
        let merge = try ProvinceMergeSamples.merge("04", into: "01")
        XCTAssertEqual(try n3.store.storeProvinceMerges([merge, merge]), [merge], "kept once")
        XCTAssertEqual(try n3.store.read { try $0.provinceMerges() }, [merge])
        XCTAssertEqual(n3.store.streams.province, hanoi, "a node of 04 is of 01 now")
        XCTAssertEqual(try n3.versionVector(), VersionVector(), "the sparse key of an origin now held whole is gone: n1 is pulled from its first event")

        XCTAssertEqual(
            try n3.versionVector(servingProvince: danang), VersionVector(),
            "n1 is dense here now but held from nothing yet: its events held before are not served on, they would leave gaps")

        let whole = try n1.events(missingFrom: try n3.versionVector(), maxEvents: 100, maxBytes: 1 << 20)
        XCTAssertEqual(try n3.apply(whole).map(\.sequence), [1], "events 2 to 4 were held: compared, not stored again")
        XCTAssertEqual(try n3.versionVector(), VersionVector(["n1": 4]))
        for event in events { XCTAssertEqual(try n3.event(event.id), event) }
        XCTAssertNotNil(try n3.store.read { try $0.dossier(code: "N1-250701-0001") }, "the dossier of 01 alone is held now")
        XCTAssertNotNil(try n3.store.read { try $0.dossier(code: "N1-250701-0002") })
        XCTAssertEqual(n3.anomalies.divergentDuplicates, 0)
        XCTAssertEqual(try n3.versionVector(servingProvince: danang), VersionVector(["n1@04": 4]), "held whole: served")

        let reopened = try CaseStore(path: n3.store.path, streams: StreamScope(province: danang, directory: provinces))
        XCTAssertEqual(reopened.streams.province, hanoi, "the merger is read back at start")
        reopened.close()
    }

    func testAnEventAfterAGapInTheStreamWaitsForTheGapAndAForgedLinkIsRefused() throws {
        let (n1, _) = try origin()
        let sent = try served(by: n1, to: danang)
        let n3 = try log("n3", in: danang)
        XCTAssertEqual(try n3.apply([sent[2]]), [], "event 4 follows 3 in the stream, which n3 does not hold")
        var forged = sent[0]
        forged.predecessorLink = [UInt8](repeating: 9, count: 32)
        XCTAssertEqual(try n3.apply([forged]).map(\.sequence), [2], "unsigned: the link is taken as given, nothing vouches for it")
        // The next event names the true link of event 2 in its tag: the forged stream cannot be extended.
        XCTAssertEqual(try n3.apply([sent[1]]), [])
        XCTAssertEqual(n3.anomalies.refusedRuns, 1)
    }

    func testMigrationTenIndexesTheTagsOfEventsAlreadyHeld() throws {
        let (n1, _) = try origin()
        let path = n1.store.path
        n1.store.close()
        let connection = try SQLiteConnection(path: path)
        try connection.execute("DROP TABLE event_tags; ALTER TABLE events DROP COLUMN predecessor_link")
        try connection.setUserVersion(9)
        try connection.close()
        let upgraded = try CaseStore(path: path, streams: StreamScope(province: hanoi, directory: provinces))
        defer { upgraded.close() }
        XCTAssertEqual(try SQLiteReplicaLog(store: upgraded).versionVector(servingProvince: danang), VersionVector(["n1@04": 4]))
    }

    func testANodeInAProvinceTagsWhatItWritesWithItsDossiersProvinces() throws {
        let n1 = try log("n1", in: hanoi)
        func filing(_ code: String, sequence: Int64, competent: String) -> ChangeEvent {
            let base = TestEvents.filed(code, origin: "n1", sequence: sequence)
            var payload = try! FiledPayload(json: base.payload)
            payload.competentCentre = competent
            return TestEvents.event(code, .filed, origin: "n1", sequence: sequence, atMs: sequence, payload: payload.json)
        }
        let crossing = try n1.store.write { try $0.append(filing("N1-250701-0001", sequence: 1, competent: "n3")) }
        let note = try n1.store.write {
            try $0.append(TestEvents.step(.note, "N1-250701-0001", origin: "n1", sequence: 2, atMs: 2, payload: ["note": "ghi chú"]))
        }
        let local = try n1.store.write { try $0.append(filing("N1-250701-0002", sequence: 3, competent: "n2")) }

        XCTAssertEqual(crossing.tags, [StreamTag(province: hanoi, previousSequence: 0, previousLink: []),
                                       StreamTag(province: danang, previousSequence: 0, previousLink: [])])
        XCTAssertEqual(note.tags.map(\.previousSequence), [1, 1], "each stream's previous event is the filing")
        XCTAssertEqual(local.tags, [StreamTag(province: hanoi, previousSequence: 2, previousLink: [])])
        XCTAssertEqual(local.predecessorLink, note.chain, "carried for another province's receivers")
        XCTAssertEqual(try n1.event(local.id)?.tags, local.tags)
        // Province 04 is served the crossing dossier's two events and nothing of the other.
        XCTAssertEqual(try served(by: n1, to: danang).map(\.sequence), [1, 2])
    }
}
