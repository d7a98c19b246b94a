import Dispatch
import Synchronization
import XCTest
@testable import CaseNode

/// Replication pushes local events as the service announces them; a peer stores none after
/// a gap, so the announcements must come in sequence order however many clerks file at once.
final class CommitOrderTests: XCTestCase {
    func testConcurrentFilingsAreAnnouncedInSequenceOrder() throws {
        let fixture = try ServiceFixture()
        defer { fixture.store.close() }
        let announced = Mutex<[Int64]>([])
        fixture.service.onCommit { events in announced.withLock { $0 += events.map(\.sequence) } }
        let threads = 16, filingsEach = 25
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            Thread {
                defer { group.leave() }
                for _ in 0..<filingsEach {
                    do { _ = try fixture.service.file(ServiceFixture.filing()) } catch { failures.withLock { $0.append("\(error)") } }
                }
            }.start()
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success, "every filing thread finished")
        XCTAssertEqual(failures.withLock { $0 }, [])
        XCTAssertEqual(announced.withLock { $0 }, Array(1...Int64(threads * filingsEach)), "every filing announced once, in sequence order")
        XCTAssertGreaterThan(fixture.store.groupCommitStatistics.largestGroup, 1, "the filings shared commits, so their writers woke in any order")
    }
}
