import XCTest
@testable import CaseCore

final class HybridLogicalClockTests: XCTestCase {
    func testTicksFollowTheWallClockWhenItMovesForward() {
        var clock = HybridLogicalClock()
        XCTAssertEqual(clock.tick(wallClockMs: 1_000), HLCTimestamp(physicalMs: 1_000, logical: 0))
        XCTAssertEqual(clock.tick(wallClockMs: 2_000), HLCTimestamp(physicalMs: 2_000, logical: 0))
    }

    func testTicksStayMonotonicWhenTheWallClockStandsStillOrGoesBack() {
        var clock = HybridLogicalClock()
        let first = clock.tick(wallClockMs: 5_000)
        let second = clock.tick(wallClockMs: 5_000)
        let third = clock.tick(wallClockMs: 4_000)
        XCTAssertLessThan(first, second)
        XCTAssertLessThan(second, third)
        XCTAssertEqual(third, HLCTimestamp(physicalMs: 5_000, logical: 2))
    }

    func testObservingARemoteTimestampOrdersLaterLocalEventsAfterIt() {
        var clock = HybridLogicalClock()
        _ = clock.tick(wallClockMs: 1_000)
        let remote = HLCTimestamp(physicalMs: 9_000, logical: 7)
        clock.observe(remote, wallClockMs: 1_001)
        let next = clock.tick(wallClockMs: 1_002)
        XCTAssertGreaterThan(next, remote)
        XCTAssertEqual(next.physicalMs, 9_000)
    }

    func testLogicalCounterOverflowBorrowsTheNextMillisecondInsteadOfWrapping() {
        var clock = HybridLogicalClock(last: HLCTimestamp(physicalMs: 7_000, logical: HLCTimestamp.maxLogical))
        let next = clock.tick(wallClockMs: 7_000)
        XCTAssertEqual(next, HLCTimestamp(physicalMs: 7_001, logical: 0))
    }

    func testStorageValueRoundTripsAndKeepsOrder() {
        let earlier = HLCTimestamp(physicalMs: 1_750_000_000_000, logical: 3)
        let later = HLCTimestamp(physicalMs: 1_750_000_000_000, logical: 4)
        XCTAssertGreaterThan(earlier.storageValue, 0)
        XCTAssertLessThan(earlier.storageValue, later.storageValue)
        XCTAssertEqual(HLCTimestamp(rawValue: UInt64(bitPattern: earlier.storageValue)), earlier)
    }
}
