import CaseCore
import XCTest

/// The limits on wrong lookups, on a clock the test moves by hand.
final class LookupAttemptLimiterTests: XCTestCase {
    private let minute: Int64 = 60_000

    func testTheEleventhWrongAttemptWithinAMinuteFromOneAddressIsRefusedUntilTheFirstExpires() {
        var limiter = LookupAttemptLimiter()
        for second in 0..<10 {
            XCTAssertEqual(limiter.admit(address: "10.0.0.7", code: "C-\(second)", nowMs: Int64(second) * 1_000), .admitted, "attempt \(second + 1)")
        }
        XCTAssertEqual(limiter.admit(address: "10.0.0.7", code: "C-x", nowMs: 30_000), .refused(retryAfterSeconds: 30))
        XCTAssertEqual(limiter.admit(address: "10.0.0.8", code: "C-x", nowMs: 30_000), .admitted, "another address is not held back")
        XCTAssertEqual(limiter.admit(address: "10.0.0.7", code: "C-x", nowMs: minute - 1), .refused(retryAfterSeconds: 1))
        XCTAssertEqual(limiter.admit(address: "10.0.0.7", code: "C-x", nowMs: minute), .admitted, "the first attempt left the window")
        XCTAssertEqual(limiter.admit(address: "10.0.0.7", code: "C-y", nowMs: minute), .refused(retryAfterSeconds: 1))
    }

    func testRightPinsAreForgivenSoTheyNeverUseTheAllowance() {
        var limiter = LookupAttemptLimiter()
        for second in 0..<50 {
            let now = Int64(second) * 100
            XCTAssertEqual(limiter.admit(address: "10.0.0.7", code: "C", nowMs: now), .admitted)
            limiter.forgive(address: "10.0.0.7", code: "C", admittedAtMs: now)
        }
        XCTAssertEqual(limiter.trackedCounts.addresses, 0)
    }

    /// A right PIN on the caller's own dossier takes back only its own attempt: it cannot
    /// wipe the wrong guesses made on another.
    func testForgivingOneAttemptLeavesTheOthersCounted() {
        var limiter = LookupAttemptLimiter()
        for second in 0..<9 { XCTAssertEqual(limiter.admit(address: "a", code: "VICTIM", nowMs: Int64(second) * 1_000), .admitted) }
        for second in 10..<15 {
            let now = Int64(second) * 1_000
            XCTAssertEqual(limiter.admit(address: "a", code: "OWN", nowMs: now), .admitted)
            limiter.forgive(address: "a", code: "OWN", admittedAtMs: now)
        }
        XCTAssertEqual(limiter.admit(address: "a", code: "VICTIM", nowMs: 20_000), .admitted, "the tenth wrong attempt")
        XCTAssertEqual(limiter.admit(address: "a", code: "VICTIM", nowMs: 20_001), .refused(retryAfterSeconds: 40))
    }

    func testOneCodeIsLimitedWhateverTheAddresses() {
        var limiter = LookupAttemptLimiter()
        for index in 0..<20 {
            XCTAssertEqual(limiter.admit(address: "bot-\(index)", code: "C", nowMs: Int64(index) * minute), .admitted)
        }
        XCTAssertEqual(limiter.admit(address: "fresh", code: "C", nowMs: 20 * minute), .refused(retryAfterSeconds: 40 * 60))
        XCTAssertEqual(limiter.admit(address: "fresh", code: "D", nowMs: 20 * minute), .admitted, "other dossiers are not held back")
        XCTAssertEqual(limiter.admit(address: "fresh", code: "C", nowMs: 60 * minute), .admitted)
    }

    /// A limiter with one-minute windows, a per-code limit out of the way, and small tables.
    private func small(perAddress: Int, maxTrackedAddresses: Int, maxTrackedCodes: Int) -> LookupAttemptLimiter {
        LookupAttemptLimiter(limits: .init(
            perAddress: perAddress, addressWindowMs: minute, perCode: 100, codeWindowMs: minute,
            maxTrackedAddresses: maxTrackedAddresses, maxTrackedCodes: maxTrackedCodes))
    }

    func testTrackingIsBoundedAndForgetsTheStalestFirst() {
        var limiter = small(perAddress: 2, maxTrackedAddresses: 3, maxTrackedCodes: 3)
        _ = limiter.admit(address: "a", code: "1", nowMs: 0)
        _ = limiter.admit(address: "a", code: "1", nowMs: 1)
        XCTAssertEqual(limiter.admit(address: "a", code: "1", nowMs: 2), .refused(retryAfterSeconds: 60))
        _ = limiter.admit(address: "b", code: "2", nowMs: 3)
        _ = limiter.admit(address: "c", code: "3", nowMs: 4)
        _ = limiter.admit(address: "d", code: "4", nowMs: 5)
        XCTAssertEqual(limiter.trackedCounts.addresses, 3)
        XCTAssertEqual(limiter.trackedCounts.codes, 3)
        XCTAssertEqual(limiter.admit(address: "a", code: "5", nowMs: 6), .admitted, "a, the stalest, was forgotten to make room")
    }

    func testExpiredEntriesAreDroppedBeforeAnyLiveOne() {
        var limiter = small(perAddress: 1, maxTrackedAddresses: 2, maxTrackedCodes: 10)
        _ = limiter.admit(address: "old", code: "1", nowMs: 0)
        _ = limiter.admit(address: "live", code: "2", nowMs: 50_000)
        _ = limiter.admit(address: "new", code: "3", nowMs: minute + 1)
        XCTAssertEqual(limiter.admit(address: "live", code: "4", nowMs: minute + 2), .refused(retryAfterSeconds: 50), "live was kept")
    }
}
