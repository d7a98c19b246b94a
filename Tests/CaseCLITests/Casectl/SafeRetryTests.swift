import CaseNet
import XCTest
@testable import CaseCLI

/// casectl's retries of filings and steps: only unanswered exchanges, a bounded number of
/// times, and a key the node would accept.
final class SafeRetryTests: XCTestCase {
    private let lost = HTTPClientError.connectionLost(address: "127.0.0.1:7400", reason: "reset")

    func testAnUnansweredExchangeIsRetriedUntilItSucceeds() throws {
        var attempts = 0, pauses: [Int] = [], notices: [String] = []
        let answer = try SafeRetry.run(sleep: { pauses.append($0) }, notice: { notices.append($0) }) { () throws(HTTPClientError) -> String in
            attempts += 1
            if attempts < 3 { throw attempts == 1 ? lost : .timedOut(address: "127.0.0.1:7400", timeoutMs: 10) }
            return "answered"
        }
        XCTAssertEqual(answer, "answered")
        XCTAssertEqual(attempts, 3)
        XCTAssertEqual(pauses, SafeRetry.pausesMs)
        XCTAssertEqual(notices.count, 2)
        XCTAssertTrue(notices.allSatisfy { $0.contains("same Idempotency-Key") }, "\(notices)")
    }

    func testRetriesAreBoundedAndTheLastFailureIsReported() {
        var attempts = 0
        XCTAssertThrowsError(try SafeRetry.run(sleep: { _ in }, notice: { _ in }) { () throws(HTTPClientError) -> Int in
            attempts += 1
            throw lost
        }) { error in
            XCTAssertEqual(error as? HTTPClientError, lost)
        }
        XCTAssertEqual(attempts, SafeRetry.pausesMs.count + 1)
    }

    func testAnExchangeThatCannotBeRetriedSafelyIsNotRetried() {
        var attempts = 0
        let final = HTTPClientError.invalidResponse(address: "127.0.0.1:7400", reason: "garbage")
        XCTAssertThrowsError(try SafeRetry.run(sleep: { _ in XCTFail("no pause") }, notice: { _ in }) { () throws(HTTPClientError) -> Int in
            attempts += 1
            throw final
        })
        XCTAssertEqual(attempts, 1)
    }

    func testKeysAreRandomAndAcceptableToTheNode() throws {
        let first = SafeRetry.newKey(), second = SafeRetry.newKey()
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try SafeRetry.key(given: first), first)
        XCTAssertThrowsError(try SafeRetry.key(given: "short")) { error in
            XCTAssertTrue((error as? CasectlUsageError)?.message.hasPrefix("--idempotency-key") == true, "\(error)")
        }
    }

    func testAMalformedKeyIsAUsageErrorAndNothingIsSent() {
        let run = CasectlTranscript.run(["--node", "http://127.0.0.1:9", "--token", "cst_x", "act", "X-250701-0001", "start", "--idempotency-key", "bad key"])
        XCTAssertEqual(run.exitCode, 2, run.error)
        XCTAssertTrue(run.error.contains("--idempotency-key"), run.error)
    }
}
