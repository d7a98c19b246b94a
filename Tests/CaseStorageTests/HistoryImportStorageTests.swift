import CaseCore
import CaseReplication
import CaseSQLite
import XCTest
@testable import CaseStorage
import TestSupport

/// A dossier entering a province (`ReplicationNode+Imports`) on the SQLite log: a transfer
/// into Đà Nẵng reaches its nodes in a sparse stream without the dossier's filing; the node
/// counts the dossier pending, a Hà Nội holder gives it the rest (only to a province the
/// dossier belongs to), and the node stores each event its origin's chain vouches for.
final class HistoryImportStorageTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let danang = ProvinceCode("04")!
    private let code = "N1-250701-0001"
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var provinces: ProvinceDirectory {
        var provinces = ProvinceDirectory()
        for (centre, province) in [("n1", hanoi), ("n2", hanoi), ("n3", danang)] { provinces.place(centre, in: province) }
        return provinces
    }

    private func log(_ name: String, in province: ProvinceCode) throws -> SQLiteReplicaLog {
        let store = try CaseStore(path: directory.path("\(name).sqlite"), streams: StreamScope(province: province, directory: provinces))
        addTeardownBlock { store.close() }
        return SQLiteReplicaLog(store: store, selfID: name)
    }

    /// n1 files the dossier for itself, notes on it, then transfers it to n3 of Đà Nẵng:
    /// the store tags each as the node does (`CaseStoreWriter.tagged`).
    private func transferredAtN1() throws -> (log: SQLiteReplicaLog, events: [ChangeEvent]) {
        let n1 = try log("n1", in: hanoi)
        let events = try [
            TestEvents.filed(code, origin: "n1", sequence: 1),
            TestEvents.step(.note, code, origin: "n1", sequence: 2, atMs: 2, payload: ["note": "ghi chú"]),
            TestEvents.step(.transfer, code, origin: "n1", sequence: 3, atMs: 3, payload: ["to": "n3", "reason": "thẩm quyền"]),
        ].map { event in try n1.store.write { try $0.append(event) } }
        XCTAssertEqual(events.map { $0.tags.map(\.province) }, [[hanoi], [hanoi], [hanoi, danang]])
        return (n1, events)
    }

    func testATransferredDossierIsPendingAtTheNewProvinceUntilItsHistoryIsImported() throws {
        let (n1, events) = try transferredAtN1()
        let n3 = try log("n3", in: danang)
        let streamed = try n1.events(missingFrom: VersionVector(), servingProvince: danang, maxEvents: 100, maxBytes: 1 << 20)
        XCTAssertEqual(try n3.apply(streamed).map(\.sequence), [3], "the transfer alone comes in the stream")
        XCTAssertNil(try n3.store.read { try $0.dossier(code: code) })
        XCTAssertEqual(try n3.pendingImports(limit: 8), [PendingImport(dossier: code, held: [events[2].id], writers: ["n1"], provinces: [hanoi])])

        let slice = try XCTUnwrap(try n1.history(of: code, servingProvince: danang, excluding: [events[2].id], maxEvents: 100, maxBytes: 1 << 20))
        XCTAssertEqual(slice.events.map(\.sequence), [1, 2], "what Đà Nẵng lacks, not what reaches it in its stream")
        XCTAssertEqual(slice.events.map(\.predecessorLink), [EventChain.genesis(origin: "n1"), events[0].chain])
        XCTAssertFalse(slice.hasMore)
        XCTAssertNil(try n1.history(of: code, servingProvince: ProvinceCode("48")!, excluding: [], maxEvents: 100, maxBytes: 1 << 20),
                     "a province the dossier does not belong to is given nothing")

        XCTAssertEqual(try n3.importHistory(slice.events, of: code, certificates: [], complete: true).map(\.sequence), [1, 2])
        XCTAssertEqual(try n3.store.read { try $0.dossier(code: code) }?.state["handlingCentre"], "n3")
        XCTAssertEqual(try n3.pendingImports(limit: 8), [], "complete: no longer pending")
        XCTAssertEqual(try n3.versionVector(), VersionVector(["n1@04": 3]), "imported events are in no stream")
        for event in events { XCTAssertEqual(try n3.event(event.id)?.chain, event.chain, "\(event.id): linked as its origin linked it") }
        XCTAssertEqual(try n3.importHistory(slice.events, of: code, certificates: [], complete: true), [], "importing twice changes nothing")
    }

    func testAHintCountsPendingADossierHeldAndIgnoresOneThatIsNot() throws {
        let n3 = try log("n3", in: danang)
        try n3.notePendingImport("N9-250701-0009")
        XCTAssertEqual(try n3.pendingImports(limit: 8), [], "a hint about a dossier not held here changes nothing")
    }

    func testAWriterOfStepsNotTaggedWithTheNewProvinceHintsIt() throws {
        let (n1, events) = try transferredAtN1()
        let n2 = try log("n2", in: hanoi)
        XCTAssertEqual(try n2.apply(Array(events[..<2])).count, 2)
        let mine = try n2.store.write { try $0.append(TestEvents.step(.note, code, origin: "n2", sequence: 1, atMs: 2, payload: ["note": "của n2"])) }
        XCTAssertEqual(mine.tags.map(\.province), [hanoi], "written before n2 learnt of the transfer")
        let transfer = try n2.apply([events[2]])
        XCTAssertEqual(try n2.importHints(after: transfer), [ImportHint(dossier: code, province: danang)])
        XCTAssertEqual(try n1.importHints(after: []), [])
    }
}
