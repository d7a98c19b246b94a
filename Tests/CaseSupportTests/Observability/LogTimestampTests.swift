import Foundation
import XCTest
@testable import CaseCore
@testable import CaseSupport

final class LogTimestampTests: XCTestCase {
    func testKnownInstants() {
        let cases: [(ms: Int64, text: String)] = [
            (0, "1970-01-01T07:00:00.000+07:00"),
            (-1, "1970-01-01T06:59:59.999+07:00"),
            (-28_800_000, "1969-12-31T23:00:00.000+07:00"),
            (1_751_333_400_123, "2025-07-01T08:30:00.123+07:00"),
            (1_709_225_999_999, "2024-02-29T23:59:59.999+07:00"),
            (1_709_226_000_000, "2024-03-01T00:00:00.000+07:00"),
            (951_843_600_000, "2000-03-01T00:00:00.000+07:00"),
            (951_843_599_999, "2000-02-29T23:59:59.999+07:00"),
            (-2_203_873_200_000, "1900-03-01T12:00:00.000+07:00"),
            (LogTimestamp.earliestFormattedMs, "0001-01-01T00:00:00.000+07:00"),
            (LogTimestamp.latestFormattedMs, "9999-12-31T23:59:59.999+07:00"),
            (Int64.min, "0001-01-01T00:00:00.000+07:00"),
            (Int64.max, "9999-12-31T23:59:59.999+07:00"),
        ]
        for testCase in cases {
            XCTAssertEqual(LogTimestamp.format(millisecondsSinceEpoch: testCase.ms), testCase.text, "\(testCase.ms)")
        }
    }

    /// Cross-checks the hand-written calendar against Foundation over many seeded instants.
    func testAgreesWithFoundationAcrossCenturies() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = try XCTUnwrap(TimeZone(secondsFromGMT: 7 * 3_600))
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
        var generator = SplitMix64(seed: 0x5EED)
        let firstMs: Int64 = -2_208_988_800_000 // 1900-01-01Z; Foundation switches to Julian dates earlier
        let lastMs: Int64 = 7_258_118_400_000   // 2200-01-01Z
        for _ in 0..<2_000 {
            let ms = Int64.random(in: firstMs...lastMs, using: &generator)
            let seconds = Double(ms.quotientAndRemainderFlooringMilliseconds.seconds)
            let expected = formatter.string(from: Date(timeIntervalSince1970: seconds))
                .replacingOccurrences(of: ".000", with: String(format: ".%03d", ms.quotientAndRemainderFlooringMilliseconds.milliseconds))
            XCTAssertEqual(LogTimestamp.format(millisecondsSinceEpoch: ms), expected, "\(ms)")
        }
    }
}

private extension Int64 {
    /// Whole seconds (floored) and the milliseconds past them, so Foundation formats a
    /// whole second and the milliseconds are compared exactly rather than through a Double.
    var quotientAndRemainderFlooringMilliseconds: (seconds: Int64, milliseconds: Int64) {
        let remainder = ((self % 1_000) + 1_000) % 1_000
        return ((self - remainder) / 1_000, remainder)
    }
}
