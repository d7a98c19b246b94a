import Bench
import XCTest

final class GroupCommitReadingTests: XCTestCase {
    func testReadsTheCountersOutOfPrometheusText() {
        let metrics = """
            # HELP casestore_group_commit Group commit since start
            # TYPE casestore_group_commit gauge
            casestore_group_commit{counter="commits"} 120
            casestore_group_commit{counter="writes"} 960
            casestore_group_commit{counter="failed_commits"} 0
            casestore_events 960
            """
        XCTAssertEqual(GroupCommitReading.parse(metrics: metrics), GroupCommitReading(commits: 120, writes: 960))
    }

    func testMissingCountersGiveNothing() {
        XCTAssertNil(GroupCommitReading.parse(metrics: "casestore_events 4\n"))
        XCTAssertNil(GroupCommitReading.parse(metrics: #"casestore_group_commit{counter="commits"} 3"#))
    }

    func testWritesPerCommitIsTakenBetweenTwoReadings() throws {
        let before = GroupCommitReading(commits: 10, writes: 10)
        let after = GroupCommitReading(commits: 30, writes: 170)
        XCTAssertEqual(try XCTUnwrap(after.writesPerCommit(since: before)), 8.0, accuracy: 1e-9)
        XCTAssertNil(before.writesPerCommit(since: before), "no commit in between: no figure")
    }
}
