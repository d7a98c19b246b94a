import CaseCore
import CaseSupport
import TestSupport
import XCTest

final class HolidayScheduleTests: XCTestCase {
    private let root = SignedTokenSamples.root
    private let cluster = SignedTokenSamples.clusterID
    private static let issuedAtMs = HolidayScheduleSamples.issuedAtMs

    private static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// 2027 as the rule computes it, with Tết widened by a Friday off and a make-up Saturday.
    static func schedule2027(
        atMs: Int64 = issuedAtMs, extraDayOff: String = "2027-02-12", by key: SigningKey = SignedTokenSamples.root
    ) throws -> HolidaySchedule {
        try HolidayScheduleSamples.schedule(2027, extraDaysOff: [extraDayOff], makeUps: ["2027-02-20"], atMs: atMs, by: key)
    }

    func testASignedScheduleRoundTripsAndVerifiesOnlyUnderItsRootAndCluster() throws {
        let schedule = try Self.schedule2027()
        XCTAssertEqual(try HolidaySchedule(encoded: schedule.encoded), schedule)
        XCTAssertEqual(try HolidaySchedule(text: schedule.text), schedule)
        XCTAssertTrue(schedule.text.hasPrefix("casestore-holiday-schedule-v1 "))
        XCTAssertNoThrow(try schedule.verify(root: root.publicKey, clusterID: cluster))
        XCTAssertThrowsError(try schedule.verify(root: SignedTokenSamples.otherRoot.publicKey, clusterID: cluster))
        XCTAssertThrowsError(try schedule.verify(root: root.publicKey, clusterID: "other")) {
            XCTAssertTrue("\($0)".contains("for cluster"), "\($0)")
        }
    }

    func testAScheduleANodeKeySignedIsRefused() throws {
        let forged = try Self.schedule2027(by: SignedTokenSamples.n1.key)
        XCTAssertThrowsError(try forged.verify(root: root.publicKey, clusterID: cluster)) {
            XCTAssertTrue("\($0)".contains("not signed by the cluster root"), "\($0)")
        }
    }

    func testAnyChangedByteBreaksTheSignatureOrTheForm() throws {
        let encoded = try Self.schedule2027().encoded
        for index in encoded.indices {
            var changed = encoded
            changed[index] ^= 0x01
            guard let decoded = try? HolidaySchedule(encoded: changed) else { continue }
            XCTAssertThrowsError(try decoded.verify(root: root.publicKey, clusterID: cluster), "byte \(index)")
        }
    }

    func testALaterScheduleOfTheYearSupersedesAndAReplayOrAnOlderOneDoesNot() throws {
        let first = try Self.schedule2027()
        let correction = try Self.schedule2027(atMs: Self.issuedAtMs + 1_000, extraDayOff: "2027-02-15")
        XCTAssertTrue(correction.supersedes(first))
        XCTAssertFalse(first.supersedes(correction), "an older schedule never replaces a newer one")
        XCTAssertFalse(first.supersedes(first), "a replay changes nothing")

        var held = HolidaySchedules()
        XCTAssertTrue(held.hold(first))
        XCTAssertFalse(held.hold(first), "replayed")
        XCTAssertTrue(held.hold(correction))
        XCTAssertFalse(held.hold(first), "older")
        XCTAssertEqual(held[2027], correction)
        XCTAssertEqual(held.revision, 2)

        // Two schedules signed in the same millisecond: every node keeps the same one.
        let twin = try Self.schedule2027(atMs: Self.issuedAtMs + 1_000, extraDayOff: "2027-02-16")
        XCTAssertNotEqual(twin.supersedes(correction), correction.supersedes(twin))
        XCTAssertEqual(HolidaySchedules([twin, correction]).digest, HolidaySchedules([correction, twin]).digest)
    }

    func testTheRulesOfAYearsScheduleAreCheckedWhenSigning() throws {
        func refusal(_ sign: () throws -> HolidaySchedule) -> String {
            do {
                _ = try sign()
                return "signed"
            } catch {
                return "\(error)"
            }
        }
        let day = HolidayCalendar.Entry(date: Self.date("2027-01-01"), name: "Tết Dương lịch")
        func sign(year: Int = 2027, notice: String = "TB", holidays: [HolidayCalendar.Entry] = [day], makeUps: [HolidayCalendar.Entry] = [], atMs: Int64 = HolidayScheduleTests.issuedAtMs) throws -> HolidaySchedule {
            try HolidaySchedule.sign(year: year, notice: notice, holidays: holidays, makeUpWorkingDays: makeUps, clusterID: cluster, issuedAtMs: atMs, by: root)
        }
        XCTAssertTrue(refusal { try sign(year: 2100) }.contains("2021-2099"))
        XCTAssertTrue(refusal { try sign(notice: "") }.contains("notice"))
        XCTAssertTrue(refusal { try sign(holidays: []) }.contains("no day off"))
        XCTAssertTrue(refusal { try sign(holidays: [.init(date: Self.date("2028-01-01"), name: "x")]) }.contains("2028-01-01"))
        XCTAssertTrue(refusal { try sign(holidays: [day, day]) }.contains("2027-01-01"))
        XCTAssertTrue(refusal { try sign(makeUps: [.init(date: Self.date("2027-01-04"), name: "Thứ Hai")]) }.contains("is a weekday"))
        XCTAssertTrue(refusal { try sign(atMs: 1_000) }.contains("from 2025"))
        let tooMany = (0..<(HolidaySchedule.maxEntries + 1)).map { HolidayCalendar.Entry(date: Self.date("2027-01-01").adding(days: $0), name: "Nghỉ") }
        XCTAssertTrue(refusal { try sign(holidays: tooMany) }.contains("at most \(HolidaySchedule.maxEntries)"))
    }

    func testNamesAreSignedInNFCAndADecodedScheduleInAnotherFormIsRefused() throws {
        let decomposed = "Tết Dương lịch".decomposedStringWithCanonicalMapping
        let schedule = try HolidaySchedule.sign(
            year: 2027, notice: "TB", holidays: [.init(date: Self.date("2027-01-01"), name: decomposed)], makeUpWorkingDays: [],
            clusterID: cluster, issuedAtMs: Self.issuedAtMs, by: root)
        XCTAssertEqual(schedule.holidays.first?.name, "Tết Dương lịch".precomposedStringWithCanonicalMapping)
        XCTAssertThrowsError(try HolidaySchedule(encoded: Array(schedule.encoded.dropLast())))
        XCTAssertThrowsError(try HolidaySchedule(encoded: schedule.encoded + [0]))
        var badFormat = schedule.encoded
        badFormat[0] = 9
        XCTAssertThrowsError(try HolidaySchedule(encoded: badFormat)) { XCTAssertTrue("\($0)".contains("format 9"), "\($0)") }
        XCTAssertThrowsError(try HolidaySchedule(text: "casestore-decision-v1 00")) { XCTAssertTrue("\($0)".contains("expected"), "\($0)") }
    }

    func testAPublishedYearReplacesTheFilesAndTheRulesDaysForThatYearOnly() throws {
        let file = try HolidayCalendar(
            source: "test file", holidays: [.init(date: Self.date("2026-01-01"), name: "Tết Dương lịch")], officialYears: 2026...2026)
        let published = try Self.schedule2027()
        let sources = HolidaySources(file: file, published: HolidaySchedules([published]))
        XCTAssertEqual(sources.source(of: 2026), .file)
        XCTAssertEqual(sources.source(of: 2027), .published)
        XCTAssertEqual(sources.source(of: 2028), .computed)
        XCTAssertNil(sources.source(of: 2100))
        XCTAssertEqual(sources.officialYears, 2026...2027)

        let calendar = try sources.workingCalendar()
        let unpublished = try file.workingCalendar()
        XCTAssertTrue(calendar.holidays.contains(Self.date("2027-02-12")), "the published extra day off")
        XCTAssertFalse(unpublished.holidays.contains(Self.date("2027-02-12")))
        XCTAssertTrue(calendar.extraWorkingDays.contains(Self.date("2027-02-20")))
        XCTAssertEqual(calendar.holidays.filter { $0.year == 2028 }, unpublished.holidays.filter { $0.year == 2028 })
        XCTAssertEqual(calendar.coverage, CalendarCoverage(years: 2021...2099, officialYears: 2026...2027))
    }

    func testOfficialYearsAreTheRunThroughTheFilesLastYearSoAGapIsStillWarnedAbout() throws {
        let file = try HolidayCalendar(
            source: "test file", holidays: [.init(date: Self.date("2026-01-01"), name: "Tết Dương lịch")], officialYears: 2026...2026)
        let later = try HolidaySchedule.sign(
            year: 2029, notice: "TB", holidays: [.init(date: Self.date("2029-01-01"), name: "Tết Dương lịch")], makeUpWorkingDays: [],
            clusterID: cluster, issuedAtMs: Self.issuedAtMs, by: root)
        XCTAssertEqual(HolidaySources(file: file, published: HolidaySchedules([later])).officialYears, 2026...2026)
        let unofficial = try HolidayCalendar(source: "rule only", holidays: [])
        XCTAssertEqual(HolidaySources(file: unofficial, published: HolidaySchedules([later])).officialYears, 2029...2029)
        XCTAssertNil(HolidaySources(file: unofficial).officialYears)
    }
}
