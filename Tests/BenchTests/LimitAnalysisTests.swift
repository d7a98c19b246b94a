@testable import Bench
import XCTest

final class LimitAnalysisTests: XCTestCase {
    func testCommitBoundWhenAtTheSingleCommitCeiling() {
        let text = LimitAnalysis.explain(MarkdownReportTests.fixture()).joined()
        XCTAssertTrue(text.contains("sits at the single-commit ceiling"), text)
    }

    func testCPUBoundWhenFarBelowTheSingleCommitCeiling() {
        var results = MarkdownReportTests.fixture()
        results.limits!.singleCommitsPerSecond = 8_000
        let text = LimitAnalysis.explain(results).joined()
        XCTAssertTrue(text.contains("far below the disk's single-commit ceiling"), text)
        XCTAssertFalse(text.contains("sits at the single-commit ceiling"), text)
    }

    func testProfileSharesAreReadFromReportLines() {
        let summary = """
            52.08%     0.13%  [.] JSONObjectReader.string(_:)
            42.83%     0.00%  [.] WriterQueue.runOnQueue<A>(_:)
            """
        XCTAssertEqual(PerfProfiler.share(of: "WriterQueue.runOnQueue", in: summary), 42.83)
        XCTAssertNil(PerfProfiler.share(of: "normalizedMarks", in: summary))
        let finding = FilingBenchmark.profileFinding(summary, clients: 32)
        XCTAssertTrue(finding.contains("42.83% inside the writer queue"), finding)
        XCTAssertTrue(finding.contains("52.08% in JSONObjectReader.string"), finding)
    }
}
