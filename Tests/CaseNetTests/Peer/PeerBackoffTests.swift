import XCTest
@testable import CaseNet

final class PeerBackoffTests: XCTestCase {
    func testTheWaitDoublesUpToItsCapAndResetsOnSuccess() {
        var backoff = PeerBackoff(initialMs: 100, maxMs: 5_000)
        let waits = (0..<9).map { _ in backoff.failed() }
        XCTAssertEqual(waits, [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000])
        XCTAssertEqual(backoff.consecutiveFailures, 9)
        backoff.succeeded()
        XCTAssertEqual(backoff.consecutiveFailures, 0)
        XCTAssertEqual(backoff.failed(), 100)
    }

    func testFailuresAreLoggedEverMoreRarely() {
        var backoff = PeerBackoff(initialMs: 1, maxMs: 1)
        XCTAssertFalse(backoff.shouldLogFailure, "nothing failed yet")
        var logged: [Int] = []
        for failure in 1...20 {
            _ = backoff.failed()
            if backoff.shouldLogFailure { logged.append(failure) }
        }
        XCTAssertEqual(logged, [1, 2, 4, 8, 16])
    }
}
