import XCTest
import CaseSupport

final class RefusalLogThrottleTests: XCTestCase {
    /// The counts at which `record` answered, for `attempts` refusals of one kind from one address.
    private func loggedCounts(_ throttle: inout RefusalLogThrottle, attempts: Int, kind: String = "silent", address: String = "10.0.0.7") -> [Int] {
        (0..<attempts).compactMap { _ in throttle.record(kind: kind, address: address, nowMs: 0)?.count }
    }

    func testLogsThePowersOfTwoWithTheCountSoFar() {
        var throttle = RefusalLogThrottle()
        XCTAssertEqual(loggedCounts(&throttle, attempts: 11_805), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 2_048, 4_096, 8_192],
                       "11,805 refusals from one client cost 14 lines, not 11,805")
    }

    func testEachKindAndEachAddressHasItsOwnCount() {
        var throttle = RefusalLogThrottle()
        XCTAssertEqual(loggedCounts(&throttle, attempts: 3, kind: "silent", address: "10.0.0.7"), [1, 2])
        XCTAssertEqual(loggedCounts(&throttle, attempts: 3, kind: "hello-refused", address: "10.0.0.7"), [1, 2], "another kind, same address")
        XCTAssertEqual(loggedCounts(&throttle, attempts: 3, kind: "silent", address: "10.0.0.8"), [1, 2], "same kind, another address")
        XCTAssertEqual(throttle.record(kind: "silent", address: "10.0.0.7", nowMs: 0), .init(count: 4, isPooled: false))
        XCTAssertEqual(throttle.trackedKeyCount, 3)
    }

    func testAPairQuietForTheForgettingTimeStartsCountingAgain() {
        var throttle = RefusalLogThrottle(forgetAfterMs: 1_000)
        XCTAssertEqual(throttle.record(kind: "k", address: "a", nowMs: 0)?.count, 1)
        XCTAssertEqual(throttle.record(kind: "k", address: "a", nowMs: 999)?.count, 2)
        XCTAssertNil(throttle.record(kind: "k", address: "a", nowMs: 1_998), "the 3rd, within a second of the 2nd")
        XCTAssertEqual(throttle.record(kind: "k", address: "a", nowMs: 2_998), .init(count: 1, isPooled: false),
                       "a new episode after a second of quiet is news again")
    }

    func testAFullTablePoolsNewAddressesPerKindSoTheLogStaysLogarithmic() {
        var throttle = RefusalLogThrottle(maxTrackedKeys: 4, forgetAfterMs: 60_000)
        for address in ["a", "b", "c", "d"] {
            XCTAssertEqual(throttle.record(kind: "k", address: address, nowMs: 0)?.count, 1)
        }
        // An attacker cycling through 1,000 more addresses gets the pooled count's powers of two.
        let pooled = (0..<1_000).compactMap { throttle.record(kind: "k", address: "x\($0)", nowMs: 10) }
        XCTAssertEqual(pooled.map(\.count), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512])
        XCTAssertTrue(pooled.allSatisfy(\.isPooled))
        XCTAssertEqual(throttle.trackedKeyCount, 4, "the table never grows past its bound")
        XCTAssertEqual(throttle.record(kind: "k", address: "a", nowMs: 20), .init(count: 2, isPooled: false),
                       "tracked addresses keep their own counts")
    }

    func testAFullTableGivesTheEntryOfAPairQuietLongEnoughToANewOne() {
        var throttle = RefusalLogThrottle(maxTrackedKeys: 2, forgetAfterMs: 1_000)
        _ = throttle.record(kind: "k", address: "old", nowMs: 0)
        _ = throttle.record(kind: "k", address: "busy", nowMs: 500)
        XCTAssertEqual(throttle.record(kind: "k", address: "new", nowMs: 900)?.isPooled, true, "nobody quiet long enough yet")
        XCTAssertEqual(throttle.record(kind: "k", address: "new", nowMs: 1_000), .init(count: 1, isPooled: false),
                       "the entry quiet for a second is given up")
        XCTAssertEqual(throttle.trackedKeyCount, 2)
        XCTAssertEqual(throttle.record(kind: "k", address: "busy", nowMs: 1_001)?.count, 2, "the busy pair kept its count")
    }
}
