import XCTest

@testable import CaseCore
import CaseSupport

/// `VietnamTime.iso8601` writes its 29 bytes in place for years 0–9999; it must say
/// exactly what the general concatenation says.
final class VietnamTimeFormattingTests: XCTestCase {
    func testTheInPlaceTextEqualsTheConcatenatedOneOverTheWholeRange() {
        var random = SplitMix64(seed: 42)
        // From 0000-01-01 to 9999-12-31 in Vietnam time, milliseconds included.
        let first: Int64 = -62_167_219_200_000 - 7 * 3_600_000
        let last: Int64 = 253_402_300_799_999 - 7 * 3_600_000
        for instant in [first, last, 0, 1_751_337_000_123] + (0..<5_000).map({ _ in Int64.random(in: first...last, using: &random) }) {
            let local = VietnamTime.localDayAndMillisecond(of: Instant(millisecondsSinceEpoch: instant))
            let expected = CivilDate(daysSinceEpoch: local.day).iso + "T" + VietnamTime.timeOfDay(local.millisecond)
            let text = VietnamTime.iso8601(Instant(millisecondsSinceEpoch: instant))
            XCTAssertEqual(text, expected, "\(instant)")
            XCTAssertEqual(text.utf8.count, VietnamTime.iso8601ByteCount)
        }
        XCTAssertEqual(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: 1_751_337_000_123)), "2025-07-01T09:30:00.123+07:00")
    }
}
