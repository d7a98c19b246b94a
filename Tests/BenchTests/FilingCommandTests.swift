import XCTest
@testable import Bench

/// `casebench filing` replaces its own findings in latest.json and keeps the other parts'.
final class FilingCommandTests: XCTestCase {
    func testItsFindingsAreTheFilingPartsOnly() {
        for own in [
            "The limits probe failed: disk full", "The filing benchmark failed: no node", "3 filing(s) failed at 32 client(s), e.g. 503",
            "perf profile of the node at 32 client(s), in a run of its own", "The apply pipeline benchmark failed: x",
            "Filing figures from `casebench filing --full` at 2026-12-07T12:00:00Z",
        ] {
            XCTAssertTrue(FilingCommand.isFilingFinding(own), own)
        }
        for other in [
            "Replication on 3 nodes, catch-up: timed out", "perf profile of the node catching up on 3 nodes",
            "Catch-up and bootstrap figures from `casebench catch-up --full --write`", "The scale simulation failed: x",
            "Visibility under load on 5 nodes: 2 filing(s) not visible everywhere",
        ] {
            XCTAssertFalse(FilingCommand.isFilingFinding(other), other)
        }
    }
}
