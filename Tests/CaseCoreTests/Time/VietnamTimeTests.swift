import CaseCore
import Foundation
import XCTest

final class VietnamTimeTests: XCTestCase {
    /// 2025-07-01T08:30:00+07:00 = 2025-07-01T01:30:00Z.
    private let julyFirstMorning = Instant(millisecondsSinceEpoch: 1_751_333_400_000)

    func testFormatsInVietnamTimeWithMilliseconds() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01T07:00:00.000+07:00"),
            (-1, "1970-01-01T06:59:59.999+07:00"),
            (1_751_333_400_000, "2025-07-01T08:30:00.000+07:00"),
            (1_751_333_400_042, "2025-07-01T08:30:00.042+07:00"),
            (951_868_799_000, "2000-03-01T06:59:59.000+07:00"),  // 2000-02-29T23:59:59Z
            (1_751_302_800_000 - 1, "2025-06-30T23:59:59.999+07:00"),
            (1_751_302_800_000, "2025-07-01T00:00:00.000+07:00"),
            (-14_182_940_000, "1969-07-21T03:17:40.000+07:00"),
        ]
        for (millis, expected) in cases {
            XCTAssertEqual(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: millis)), expected, "\(millis)")
            XCTAssertEqual(Instant(millisecondsSinceEpoch: millis).description, expected)
        }
    }

    func testParsesAnyOffsetWithOrWithoutFraction() {
        let expected = julyFirstMorning.millisecondsSinceEpoch
        let cases: [(String, Int64)] = [
            ("2025-07-01T08:30:00.000+07:00", expected),
            ("2025-07-01T08:30:00+07:00", expected),
            ("2025-07-01T01:30:00Z", expected),
            ("2025-07-01T01:30:00.000Z", expected),
            ("2025-07-01T01:30:00+00:00", expected),
            ("2025-07-01T01:30:00-00:00", expected),
            ("2025-06-30T20:30:00-05:00", expected),
            ("2025-07-01T07:00:00+05:30", expected),
            ("2025-07-01T08:30:00.5+07:00", expected + 500),
            ("2025-07-01T08:30:00.12+07:00", expected + 120),
            ("2025-07-01T08:30:00.123456789+07:00", expected + 123),  // truncated to ms
            ("2025-07-01T08:30:00.999999999Z", expected + 7 * 3_600_000 + 999),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59.999Z", -1),
            ("2024-02-29T23:59:59+07:00", 1_709_225_999_000),
        ]
        for (text, millis) in cases {
            XCTAssertEqual(VietnamTime.parseISO8601(text)?.millisecondsSinceEpoch, millis, text)
        }
    }

    func testRefusesEverythingElse() {
        let invalid = [
            "", "2025-07-01", "2025-07-01T08:30+07:00", "2025-07-01T08:30:00",
            "2025-07-01 08:30:00+07:00", "2025-07-01t08:30:00+07:00", "2025-07-01T08:30:00z",
            "2025-07-01T08:30:00+0700", "2025-07-01T08:30:00+07", "2025-07-01T08:30:00+24:00",
            "2025-07-01T08:30:00+07:60", "2025-07-01T24:00:00Z", "2025-07-01T08:60:00Z",
            "2025-07-01T08:30:60Z", "2025-02-29T08:30:00Z", "2025-07-01T08:30:00.Z",
            "2025-07-01T08:30:00.1234567890Z", "2025-07-01T08:30:00Z ", " 2025-07-01T08:30:00Z",
            "2025-07-01T08:30:00ZZ", "2025-07-01T8:30:00Z", "2025-07-01T08:30:00*07:00",
            "2025-07-01T08:30:00.12a+07:00", "２０２５-07-01T08:30:00Z",
            String(repeating: "2", count: 10_000),
        ]
        for text in invalid {
            XCTAssertNil(VietnamTime.parseISO8601(text), "\"\(text.prefix(60))\" must be refused")
        }
    }

    func testFormatAndParseRoundTrip() {
        var generator = DomainTestRandom(seed: 7)
        var samples: [Int64] = [0, -1, 1, 1_751_333_400_000, -62_135_596_800_000, 253_402_275_599_999]
        for _ in 0..<2_000 {
            samples.append(Int64.random(in: -62_135_596_800_000...253_402_275_599_999, using: &generator))
        }
        for millis in samples {
            let instant = Instant(millisecondsSinceEpoch: millis)
            XCTAssertEqual(VietnamTime.parseISO8601(VietnamTime.iso8601(instant)), instant, "\(millis)")
        }
    }

    func testLocalDateAndMinuteOfDay() {
        XCTAssertEqual(VietnamTime.civilDate(of: julyFirstMorning).iso, "2025-07-01")
        XCTAssertEqual(VietnamTime.minuteOfDay(of: julyFirstMorning), 8 * 60 + 30)
        // 17:00Z on June 30 is midnight July 1 in Vietnam.
        let midnight = VietnamTime.parseISO8601("2025-06-30T17:00:00Z")!
        XCTAssertEqual(VietnamTime.civilDate(of: midnight).iso, "2025-07-01")
        XCTAssertEqual(VietnamTime.minuteOfDay(of: midnight), 0)
        let justBefore = midnight.adding(milliseconds: -1)
        XCTAssertEqual(VietnamTime.civilDate(of: justBefore).iso, "2025-06-30")
        XCTAssertEqual(VietnamTime.minuteOfDay(of: justBefore), 1_439)
    }

    func testInstantFromDateAndMinuteIsTheInverse() {
        let date = CivilDate(iso: "2025-07-01")!
        XCTAssertEqual(VietnamTime.instant(date: date, minuteOfDay: 8 * 60 + 30), julyFirstMorning)
        XCTAssertEqual(VietnamTime.instant(date: date, minuteOfDay: 1_440),
                       VietnamTime.instant(date: date.adding(days: 1), minuteOfDay: 0))
        for minute in stride(from: 0, to: 1_440, by: 7) {
            let instant = VietnamTime.instant(date: date, minuteOfDay: minute)
            XCTAssertEqual(VietnamTime.civilDate(of: instant), date)
            XCTAssertEqual(VietnamTime.minuteOfDay(of: instant), minute)
        }
    }

    func testExtremeInstantsDoNotTrap() {
        for millis in [Int64.max, Int64.min, Int64.max - 1, Int64.min + 1] {
            let instant = Instant(millisecondsSinceEpoch: millis)
            let text = VietnamTime.iso8601(instant)
            XCTAssertTrue(text.hasSuffix("+07:00"), text)
            XCTAssertNil(VietnamTime.parseISO8601(text), "expanded years are not accepted back: \(text)")
            let date = VietnamTime.civilDate(of: instant)
            XCTAssertEqual(VietnamTime.instant(date: date, minuteOfDay: 0) <= instant, true)
        }
        XCTAssertEqual(Instant(millisecondsSinceEpoch: .max).adding(milliseconds: 1).millisecondsSinceEpoch, .max)
        XCTAssertEqual(Instant(millisecondsSinceEpoch: .min).adding(milliseconds: -1).millisecondsSinceEpoch, .min)
    }

    func testInstantIsMillisecondsSinceTheEpoch() {
        XCTAssertEqual(julyFirstMorning.milliseconds(since: .epoch), 1_751_333_400_000)
        XCTAssertLessThan(Instant.epoch, julyFirstMorning)
    }
}
