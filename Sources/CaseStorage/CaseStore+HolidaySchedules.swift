import CaseCore
import CaseSQLite

/// The cluster root's published holiday schedules (`HolidaySchedule`), one per year: kept by
/// the replication core (`ReplicationOutput.persistHolidaySchedules`) and by the publishing
/// route, read at start to build the node's calendar.
extension CaseStoreReader {
    /// Every schedule held, by year.
    public func holidaySchedules() throws -> [HolidaySchedule] {
        try connection.query("SELECT year, encoded FROM holiday_schedules ORDER BY year").map { row in
            do {
                return try HolidaySchedule(encoded: try row.optionalBlob(1))
            } catch {
                throw StoreCorruption("the holiday schedule of \(row[0].int64Value.map(String.init) ?? "?") is unreadable: \(error)")
            }
        }
    }
}

extension CaseStoreWriter {
    /// Keeps each schedule that supersedes the one held for its year: storing the core's
    /// whole set again changes nothing. Returns the schedules kept.
    @discardableResult
    public func storeHolidaySchedules(_ schedules: [HolidaySchedule]) throws -> [HolidaySchedule] {
        var kept: [HolidaySchedule] = []
        for schedule in schedules {
            let held = try connection.query(
                "SELECT encoded FROM holiday_schedules WHERE year = ?", [.integer(Int64(schedule.year))]
            ).first.map { row in try HolidaySchedule(encoded: try row.optionalBlob(0)) }
            if let held, !schedule.supersedes(held) { continue }
            try connection.execute(
                """
                INSERT INTO holiday_schedules (year, issued_at, encoded) VALUES (?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET issued_at = excluded.issued_at, encoded = excluded.encoded
                """,
                [.integer(Int64(schedule.year)), .integer(schedule.issuedAtMs), .blob(schedule.encoded)])
            kept.append(schedule)
        }
        return kept
    }
}
