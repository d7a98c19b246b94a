import CaseCore
import CaseStorage
import Synchronization

/// The node's holiday calendar: its holiday file (`holidays.json` or `--holidays`) with the
/// schedules the cluster root published over it (`HolidaySources`), kept in the database
/// and followed by the dossier service from the moment one is stored.
public final class HolidayCalendarKeeper: Sendable {
    private let store: CaseStore
    private let periods: [WorkingPeriod]
    private let state: Mutex<HolidaySources>
    private let observers = Mutex<[@Sendable (WorkingCalendar) -> Void]>([])

    /// The file's calendar with the schedules the database holds.
    public init(file: HolidayCalendar, periods: [WorkingPeriod], store: CaseStore) throws {
        self.store = store
        self.periods = periods
        let stored = try store.read { try $0.holidaySchedules() }
        state = Mutex(HolidaySources(file: file, published: HolidaySchedules(stored)))
    }

    public var sources: HolidaySources { state.withLock { $0 } }

    /// The working calendar of `sources`.
    public func calendar() throws(WorkingCalendarError) -> WorkingCalendar {
        try sources.workingCalendar(periods: periods)
    }

    /// Calls `observer` with the new calendar after every change (the dossier service's `useCalendar`).
    public func onChange(_ observer: @escaping @Sendable (WorkingCalendar) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Stores the schedules of `schedules` that supersede those held (verified by the caller)
    /// and moves the calendar to them; returns those that changed anything. Throws, storing
    /// nothing, when they would make a calendar `WorkingCalendar` refuses.
    @discardableResult
    public func adopt(_ schedules: [HolidaySchedule]) throws -> [HolidaySchedule] {
        try state.withLock { sources throws in
            var published = sources.published
            let newer = schedules.filter { published.hold($0) }
            guard !newer.isEmpty else { return [] }
            let next = HolidaySources(file: sources.file, published: published)
            let calendar = try next.workingCalendar(periods: periods)
            _ = try store.write { try $0.storeHolidaySchedules(newer) }
            sources = next
            for observer in observers.withLock({ $0 }) { observer(calendar) }
            return newer
        }
    }
}
