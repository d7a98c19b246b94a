import CaseCore

/// Holiday schedules signed by `SignedTokenSamples.root` for its cluster, for tests.
public enum HolidayScheduleSamples {
    /// 2026-10-14T03:00:00Z, when next year's schedule might be announced.
    public static let issuedAtMs: Int64 = 1_791_946_800_000

    /// The rule's days off of `year` plus `extraDaysOff` (YYYY-MM-DD, named as swapped days),
    /// and `makeUps` as make-up working days.
    public static func schedule(
        _ year: Int, extraDaysOff: [String] = [], makeUps: [String] = [], atMs: Int64 = issuedAtMs,
        by key: SigningKey = SignedTokenSamples.root, clusterID: String = SignedTokenSamples.clusterID
    ) throws -> HolidaySchedule {
        let extra = extraDaysOff.map { HolidayCalendar.Entry(date: CivilDate(iso: $0)!, name: "Nghỉ hoán đổi") }
        return try HolidaySchedule.sign(
            year: year, notice: "Thông báo nghỉ lễ, Tết năm \(year) (mẫu thử)", holidays: try StatutoryHolidays.holidays(of: year) + extra,
            makeUpWorkingDays: makeUps.map { HolidayCalendar.Entry(date: CivilDate(iso: $0)!, name: "Làm bù") }, clusterID: clusterID,
            issuedAtMs: atMs, by: key)
    }
}
