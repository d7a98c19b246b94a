import CaseCore
import CaseStorage
import Synchronization
import TestSupport
import XCTest
@testable import CaseNode
import CaseSQLite

/// The storage gate: damaged databases stop serving, rebuilding nodes write only once caught up.
final class StorageGateTests: XCTestCase {
    /// SQLite's primary result codes (sqlite3.h), without importing the C module here.
    private static let sqliteCorrupt: Int32 = 11
    private static let sqliteFull: Int32 = 13

    func testARebuildIsCompleteOnlyWhenEveryLivePeerWasHeardAndOwnEventsAreHeld() {
        let cases: [(String, RebuildProgress, Bool)] = [
            ("no peer yet", progress(ownHeld: 0, ownKnown: 0, heard: 0, alive: 0), false),
            ("peer alive, not heard", progress(ownHeld: 0, ownKnown: 0, heard: 0, alive: 1), false),
            ("heard, own events missing", progress(ownHeld: 4, ownKnown: 5, heard: 1, alive: 1), false),
            ("one of two peers heard", progress(ownHeld: 5, ownKnown: 5, heard: 1, alive: 2), false),
            ("caught up", progress(ownHeld: 5, ownKnown: 5, heard: 2, alive: 2), true),
            ("a new node with no own events", progress(ownHeld: 0, ownKnown: 0, heard: 1, alive: 1), true),
        ]
        for (name, progress, complete) in cases {
            XCTAssertEqual(progress.isComplete, complete, name)
        }
    }

    func testARebuildingNodeRefusesLocalWritesUntilCaughtUpThenFinishesOnce() throws {
        let monitor = FakeMonitor(progress(ownHeld: 3, ownKnown: 7, heard: 1, alive: 1))
        let gate = StorageGate(databasePath: "/data/casestore.sqlite", rebuilding: true)
        XCTAssertThrowsError(try gate.admitLocalWrite()) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "rebuilding", "refused before the monitor exists")
        }
        gate.monitorRebuild(with: monitor)
        XCTAssertThrowsError(try gate.admitLocalWrite()) { error in
            let error = error as? ServiceError
            XCTAssertEqual(error?.httpStatus, 503)
            XCTAssertEqual(error?.code, "rebuilding")
            XCTAssertTrue(error?.message.hasPrefix("rebuilding from peers, 3 of 7 events") == true, error?.message ?? "")
        }
        XCTAssertEqual(gate.condition, .rebuilding)
        XCTAssertNoThrow(try gate.checkServing(), "reads are served while rebuilding")
        monitor.set(progress(ownHeld: 7, ownKnown: 7, heard: 1, alive: 1))
        XCTAssertNoThrow(try gate.admitLocalWrite())
        XCTAssertNoThrow(try gate.admitLocalWrite())
        XCTAssertEqual(gate.condition, .serving)
        XCTAssertEqual(monitor.finishCount, 1)
    }

    /// A request that is wrong in itself is told so (422) even by a node that refuses writes:
    /// the fields are checked before the storage gate, for filings, steps and settlements alike.
    func testABadRequestIsRefusedForWhatItIsEvenWhileWritesAreRefused() throws {
        let directory = try TemporaryDirectory()  // removed with its -wal and -shm when the test ends
        let path = directory.path("gate.sqlite")
        let store = try CaseStore(path: path)
        defer { store.close() }
        let service = try DossierService(
            nodeID: "n1", agency: "N1", store: store, catalogue: ServiceFixture.catalogue, calendar: try WorkingCalendar(holidays: []),
            clock: ManualClock("2025-07-01T09:00:00+07:00"), storageGate: StorageGate(databasePath: path, rebuilding: true))
        let longNote = String(repeating: "a", count: FilingValidator.maxNoteLength + 1)
        XCTAssertThrowsError(try service.settle("N1-250701-0001", SettleRequest(events: nil, note: longNote))) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "validation_failed", "\(error)")
        }
        XCTAssertThrowsError(try service.act(on: "N1-250701-0001", ActionRequest(action: .note, note: longNote), by: .clerk(centre: "n1"))) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "validation_failed", "\(error)")
        }
        XCTAssertThrowsError(try service.settle("N1-250701-0001", SettleRequest(events: nil, note: "ok"))) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "rebuilding", "a good request meets the gate")
        }
    }

    func testACorruptDatabaseStopsWritesAndReadsWithTheRebuildInstruction() {
        let gate = StorageGate(databasePath: "/data/casestore.sqlite")
        let answer = gate.failure(SQLiteError(resultCode: Self.sqliteCorrupt, message: "database disk image is malformed"))
        XCTAssertEqual(answer.httpStatus, 503)
        XCTAssertEqual(answer.code, "storage_corrupt")
        XCTAssertTrue(answer.message.contains("/data/casestore.sqlite"), answer.message)
        XCTAssertTrue(answer.message.contains("--rebuild --join"), answer.message)
        XCTAssertEqual(gate.condition, .corrupt("database disk image is malformed"))
        for check in [gate.admitLocalWrite, gate.checkServing] {
            XCTAssertThrowsError(try check()) { XCTAssertEqual(($0 as? ServiceError)?.code, "storage_corrupt") }
        }
    }

    func testAFullDiskIsAnsweredWith507AndDoesNotStopTheGate() {
        let gate = StorageGate()
        let answer = gate.failure(SQLiteError(resultCode: Self.sqliteFull, message: "database or disk is full"))
        XCTAssertEqual(answer.httpStatus, 507)
        XCTAssertEqual(answer.code, "storage_full")
        XCTAssertEqual(gate.condition, .serving)
        XCTAssertNoThrow(try gate.admitLocalWrite())
    }

    func testFaultSettingsApplyAndOutOfRangeValuesAreRefused() throws {
        var configuration = NodeConfiguration()
        try configuration.apply(["clock-offset-ms": "-90000", "max-db-pages": "500"], source: "--")
        XCTAssertEqual(configuration.clockOffsetMs, -90_000)
        XCTAssertEqual(configuration.maxDatabasePages, 500)
        XCTAssertFalse(configuration.debugFaults, "only the command-line flag turns fault injection on")
        for (name, value) in [("clock-offset-ms", "999999999999"), ("clock-offset-ms", "soon"), ("max-db-pages", "3")] {
            var other = NodeConfiguration()
            XCTAssertThrowsError(try other.apply([name: value], source: "--"), "\(name)=\(value)") { error in
                XCTAssertTrue("\(error)".contains(name), "\(error)")
            }
        }
    }

    private func progress(ownHeld: Int64, ownKnown: Int64, heard: Int, alive: Int) -> RebuildProgress {
        RebuildProgress(heldEvents: ownHeld, knownEvents: ownKnown, ownHeld: ownHeld, ownKnown: ownKnown, peersHeard: heard, peersAlive: alive)
    }
}

/// A rebuild monitor whose progress the test sets.
private final class FakeMonitor: RebuildMonitor {
    private let state: Mutex<(progress: RebuildProgress, finished: Int)>

    init(_ progress: RebuildProgress) { state = Mutex((progress, 0)) }

    func set(_ progress: RebuildProgress) { state.withLock { $0.progress = progress } }
    var finishCount: Int { state.withLock { $0.finished } }
    func progress() throws -> RebuildProgress { state.withLock { $0.progress } }
    func finish() throws { state.withLock { $0.finished += 1 } }
}
