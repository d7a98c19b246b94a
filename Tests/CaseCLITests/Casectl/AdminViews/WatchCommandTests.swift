import XCTest
@testable import CaseCLI

/// `casectl watch` options and screen frames (runs against real nodes are in AdminViewsClusterTests).
final class WatchCommandTests: XCTestCase {
    func testIntervalAndIterationsAreBounded() throws {
        let intervals: [(text: String?, seconds: Double?)] = [
            (nil, 2), ("0.1", 0.1), ("5", 5), ("3600", 3_600), ("0", nil), ("0.05", nil), ("3601", nil), ("nan", nil), ("soon", nil),
        ]
        for (text, seconds) in intervals {
            if let seconds {
                XCTAssertEqual(try WatchCommand.intervalSeconds(text), seconds, text ?? "default")
            } else {
                XCTAssertThrowsError(try WatchCommand.intervalSeconds(text), text ?? "default")
            }
        }
        let iterations: [(text: String?, count: Int?, valid: Bool)] = [
            (nil, nil, true), ("1", 1, true), ("1000000", 1_000_000, true), ("0", nil, false), ("1000001", nil, false), ("-2", nil, false),
        ]
        for (text, count, valid) in iterations {
            if valid {
                XCTAssertEqual(try WatchCommand.iterationCount(text), count, text ?? "default")
            } else {
                XCTAssertThrowsError(try WatchCommand.iterationCount(text), text ?? "default")
            }
        }
    }

    func testAFrameClearsTheScreenThenShowsTheTextAndHowItRefreshes() {
        XCTAssertEqual(WatchCommand.frame("Cluster c", interval: 2, refresh: 3), "\u{1B}[H\u{1B}[2JCluster c\n\nRefresh 3, every 2s; Ctrl-C to stop.")
        XCTAssertEqual(WatchCommand.frame("x", interval: 0.5, refresh: 1), "\u{1B}[H\u{1B}[2Jx\n\nRefresh 1, every 0.5s; Ctrl-C to stop.")
    }

    func testBadOptionsAreUsageErrorsBeforeAnyNodeIsAsked() {
        let cases: [(arguments: [String], message: String)] = [
            (["watch", "--interval", "0"], "casectl watch: --interval must be a number of seconds from 0.1 to 3600, got '0'"),
            (["watch", "--iterations", "0"], "casectl watch: --iterations must be a whole number from 1 to 1000000, got '0'"),
            (["log", "--limit", "0"], "casectl log: --limit must be a whole number from 1 to 500, got '0'"),
        ]
        for (arguments, message) in cases {
            // Port 9 (discard) on loopback: nothing answers there, so any request would fail with exit 1, not 2.
            let run = CasectlTranscript.run(["--node", "http://127.0.0.1:9"] + arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.usage, "\(arguments): \(run.error)")
            XCTAssertEqual(run.error, message + "\n")
            XCTAssertEqual(run.standard, "")
        }
    }
}
