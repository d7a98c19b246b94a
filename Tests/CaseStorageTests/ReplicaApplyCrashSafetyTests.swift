import CaseCore
import XCTest

@testable import CaseStorage
import CaseSQLite

/// I/O faults during `apply`, in the style of `FaultInjectingVFSTests`: for N = 1, 2, 3…
/// the Nth write (or sync) fails, until a run completes without a fault. Every failure must
/// reach the caller, and after reopening the file must be sound and hold either the whole
/// batch (events, version vector, dossiers and digest) or none of it.
final class ReplicaApplyCrashSafetyTests: XCTestCase {
    /// Far above the writes or syncs one batch of a few dozen events makes.
    private static let maxLoopIterations = 500

    private var vfs: FaultInjectingVFS!

    override func setUpWithError() throws {
        vfs = try FaultInjectingVFS.register(name: "casestore-replog-faults")
        vfs.clearFault()
    }

    override func tearDown() {
        vfs.clearFault()
    }

    func testTransientWriteFaultLoop() throws {
        try runFaultLoop(name: "transient write") { .failWrite(nth: $0) }
    }

    func testPersistentWriteFaultLoop() throws {
        try runFaultLoop(name: "persistent write") { .failWrite(nth: $0, persistent: true) }
    }

    func testTransientSyncFaultLoop() throws {
        try runFaultLoop(name: "transient fsync") { .failSync(nth: $0) }
    }

    func testABatchOfEventsAlreadyHeldWritesNothingToDisk() throws {
        let (baseline, _) = Self.events()
        let fixture = try StoreFixture()
        let log = SQLiteReplicaLog(store: try fixture.store("node", configuration: SQLiteConfiguration(vfsName: vfs.name)))
        _ = try log.apply(baseline)
        vfs.clearFault()  // counts from zero

        XCTAssertEqual(try log.apply(baseline), [])

        XCTAssertEqual(vfs.counters.writes, 0, "pushes arrive from several peers: a duplicate batch must cost no I/O")
        XCTAssertEqual(vfs.counters.syncs, 0)
    }

    private func runFaultLoop(name: String, fault: (Int) -> FaultInjectingVFS.Fault) throws {
        let (baseline, batch) = Self.events()
        let expectedBefore = try Self.referenceContents(applying: [baseline])
        let expectedAfter = try Self.referenceContents(applying: [baseline, batch])
        var failuresSeen = 0
        for n in 1...Self.maxLoopIterations {
            let fixture = try StoreFixture()
            let seeded = try fixture.log("node")
            _ = try seeded.apply(baseline)
            seeded.store.close()

            let faulty = SQLiteReplicaLog(store: try fixture.store("node", configuration: SQLiteConfiguration(vfsName: vfs.name)))
            vfs.inject(fault(n))
            let outcome = Result { try faulty.apply(batch) }
            let faultsInjected = vfs.counters.faultsInjected
            vfs.clearFault()
            faulty.store.close()

            let context = "\(name) #\(n)"
            let found = try Self.reopenedContents(fixture, context: context)
            guard faultsInjected > 0 else {
                // The fault lay beyond the batch's last write: it must have committed whole.
                XCTAssertEqual(try outcome.get().count, batch.count, "\(context): no fault, yet not all stored")
                XCTAssertEqual(found, expectedAfter, context)
                XCTAssertGreaterThan(failuresSeen, 0, "\(name): the loop never injected a fault")
                return
            }
            failuresSeen += 1
            if case .success = outcome { XCTFail("\(context): \(faultsInjected) fault(s) injected but apply reported success") }
            XCTAssertTrue(found == expectedBefore || found == expectedAfter, "\(context): torn batch: \(found)")
        }
        XCTFail("\(name): apply still failed after \(Self.maxLoopIterations) iterations")
    }

    /// Reopens through the default VFS and reads everything, checking integrity and the digest.
    private static func reopenedContents(_ fixture: StoreFixture, context: String) throws -> ReplicaContents {
        let reopened = try fixture.store("node")
        defer { reopened.close() }
        XCTAssertEqual(try reopened.integrityCheck(), ["ok"], "\(context): integrity_check")
        let digests = try reopened.maintainedAndRecomputedDigests()
        XCTAssertEqual(digests.maintained, digests.recomputed, "\(context): digest out of step with the rows")
        return try ReplicaContents(reopened)
    }

    /// What a store holds after applying `batches` with no fault.
    private static func referenceContents(applying batches: [[ChangeEvent]]) throws -> ReplicaContents {
        let fixture = try StoreFixture()
        let log = try fixture.log("reference")
        for batch in batches { _ = try log.apply(batch) }
        return try ReplicaContents(log.store)
    }

    /// A baseline of 20 filings, then a batch that files 20 more and moves 10 of the first on:
    /// enough pages that faults land inside the events, the dossiers and the metadata.
    private static func events() -> (baseline: [ChangeEvent], batch: [ChangeEvent]) {
        var factory = EventFactory()
        let baseline = (1...20).map { factory.filed(EventFactory.code($0), at: $0 % 2 == 0 ? "n1" : "n2") }
        var batch = (21...40).map { factory.filed(EventFactory.code($0), at: "n3") }
        batch += (1...10).map { factory.step(.start, on: EventFactory.code($0), at: "n3") }
        return (baseline, batch)
    }
}
