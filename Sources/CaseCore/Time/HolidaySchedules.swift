import CaseCrypto

/// The published holiday schedules a node holds: the latest per year (`HolidaySchedule.supersedes`).
/// The replication core spreads them by this set's digest; the node's calendar is built from
/// it (`HolidaySources`). At most one schedule per year of `StatutoryHolidays.supportedYears`,
/// which every schedule's year is checked against, so the set is bounded by that range.
public struct HolidaySchedules: Equatable, Sendable {
    public private(set) var byYear: [Int: HolidaySchedule] = [:]
    /// Changes whenever `byYear` does, so a holder can tell when to persist.
    public private(set) var revision: UInt64 = 0

    public init() {}

    /// The schedules of `schedules` that win, as `hold` would keep them.
    public init(_ schedules: [HolidaySchedule]) {
        for schedule in schedules { _ = hold(schedule) }
        revision = 0
    }

    public var isEmpty: Bool { byYear.isEmpty }
    public var count: Int { byYear.count }
    public subscript(year: Int) -> HolidaySchedule? { byYear[year] }

    /// By year, as persisted and exchanged.
    public var sorted: [HolidaySchedule] { byYear.values.sorted { $0.year < $1.year } }

    /// SHA-256 over every schedule in year order: equal digests, equal sets.
    public var digest: [UInt8] {
        var sha = SHA256()
        for schedule in sorted { sha.update(schedule.encoded) }
        return sha.finalize()
    }

    /// Holds `schedule` if it supersedes the one held for its year; returns whether it did.
    /// The caller has verified it.
    public mutating func hold(_ schedule: HolidaySchedule) -> Bool {
        if let held = byYear[schedule.year], !schedule.supersedes(held) { return false }
        byYear[schedule.year] = schedule
        revision += 1
        return true
    }
}
