import CaseCore

/// The stretch of time a report covers: `[start, end)`, and the instant at which dossiers
/// still in progress are judged not yet due or overdue.
public struct ReportPeriod: Sendable, Equatable {
    /// The first instant of the period (local midnight of its first day).
    public var start: Instant
    /// The first instant after the period (local midnight after its last day).
    public var end: Instant
    /// When "in progress" is judged: the end of the period, or now for a period that has not
    /// ended (nobody knows yet what will be overdue at the end of this month).
    public var asOf: Instant
    /// True when `asOf` is now: the period has not ended.
    public var asOfIsNow: Bool

    /// The days `first` through `last` (inclusive) in Vietnam, judged at `now` if it falls
    /// before their end.
    public init(first: CivilDate, last: CivilDate, now: Instant) {
        precondition(first <= last, "a report period runs forward: \(first) is after \(last)")
        start = VietnamTime.instant(date: first, minuteOfDay: 0)
        end = VietnamTime.instant(date: last, minuteOfDay: 24 * 60)
        asOfIsNow = now < end
        asOf = asOfIsNow ? now : end
    }

    /// Whether `instant` falls inside the period.
    public func contains(_ instant: Instant) -> Bool {
        start <= instant && instant < end
    }
}
