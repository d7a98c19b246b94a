@testable import Bench
import Foundation
import XCTest

final class ApplyPipelineReportTests: XCTestCase {
    private func result() -> ApplyPipelineResult {
        var result = ApplyPipelineResult(events: 0, filingSeconds: 5)
        result.add(events: 1_000, bytes: 1_600_000, read: 0.03, encode: 0.01, decode: 0.04, apply: 0.12)
        return result
    }

    func testPerEventFiguresAndTheirShares() {
        let result = result()
        XCTAssertEqual(result.microsecondsPerEvent(result.applySeconds), 120, accuracy: 1e-9)
        XCTAssertEqual(result.eventsPerSecond, 5_000, accuracy: 1e-6)
        let text = ApplyPipelineReport.lines(result).joined(separator: "\n")
        XCTAssertTrue(text.contains("| Apply: validate, store, fold the dossier, save its state and digest term, commit | 120 | 60.00% |"), text)
        XCTAssertTrue(text.contains("| All four on one core | 200 | 5,000 events/s = 0.33× the 15,000 events/s catch-up target |"), text)
    }

    func testAReportWithoutTheSectionSaysSoAndOldResultsStillDecode() throws {
        XCTAssertEqual(ApplyPipelineReport.lines(nil).last(where: { !$0.isEmpty }), "Not measured in this run.")
        var results = MarkdownReportTests.fixture()
        results.applyPipeline = result()
        let decoded = try ResultsFile.decode(ResultsFile.encode(results))
        XCTAssertEqual(decoded, results)
        XCTAssertTrue(MarkdownReport.render(results, resultsFile: "x.json").contains("## Where a replicated event's CPU goes"))
    }
}
