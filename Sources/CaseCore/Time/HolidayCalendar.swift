import Foundation

/// The government's official schedule of days off and make-up working days, as shipped in
/// `holidays.json`, ready to build a `WorkingCalendar` with the Labour Code's computed
/// holidays (`StatutoryHolidays`) for every other year.
///
/// JSON shape:
///
///     { "source": "…",
///       "officialYears": { "first": 2025, "last": 2026 },
///       "holidays": [ { "date": "2025-01-01", "name": "Tết Dương lịch" }, … ],
///       "makeUpWorkingDays": [ { "date": "2025-04-26", "name": "Làm bù …" } ] }
///
/// `officialYears` says which years the lists are the complete official schedule of: for
/// those years they replace the computed days entirely (swaps, a longer Tết). Absent, it is
/// the years of the entries. `makeUpWorkingDays` may be absent or null; other keys are
/// ignored (room for notes). Names are NFC-normalised on the way in.
public struct HolidayCalendar: Sendable, Hashable {
    /// One dated entry of the list.
    public struct Entry: Sendable, Hashable {
        public let date: CivilDate
        /// Vietnamese name, e.g. "Tết Nguyên đán".
        public let name: String

        public init(date: CivilDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// A holiday file is a few kilobytes a year; 1 MiB is centuries of them, and the limit
    /// stops a wrong file (a log, a dump) from being decoded at all.
    public static let maxJSONBytes = 1 << 20
    /// About 25 entries a year: 5,000 covers two centuries.
    public static let maxEntries = 5_000
    /// Holiday names are short phrases; 200 characters leaves room for a note in the name.
    public static let maxNameCharacters = 200

    /// Where the list comes from and how far to trust it.
    public let source: String
    /// Days off, sorted by date.
    public let holidays: [Entry]
    /// Weekend days worked in exchange for a day off, sorted by date.
    public let makeUpWorkingDays: [Entry]
    /// The years the lists are the complete official schedule of; nil when they are empty.
    public let officialYears: ClosedRange<Int>?

    /// Checks the entries (unique dates, names present and short, no date in both lists,
    /// every date in `officialYears`), NFC-normalises names and sorts by date.
    /// `officialYears` nil means the years of the entries. The official years must meet or
    /// adjoin `StatutoryHolidays.supportedYears`, so that what is covered has no gap.
    public init(
        source: String, holidays: [Entry], makeUpWorkingDays: [Entry] = [], officialYears: ClosedRange<Int>? = nil
    ) throws(HolidayCalendarError) {
        let total = holidays.count + makeUpWorkingDays.count
        guard total <= Self.maxEntries else { throw .tooManyEntries(count: total, max: Self.maxEntries) }
        let cleanHolidays = try Self.cleaned(holidays)
        let cleanMakeUps = try Self.cleaned(makeUpWorkingDays)
        let makeUpDates = Set(cleanMakeUps.map(\.date))
        if let clash = cleanHolidays.first(where: { makeUpDates.contains($0.date) }) {
            throw .dateInBothLists(clash.date)
        }
        self.officialYears = try Self.checkedOfficialYears(officialYears, entries: cleanHolidays + cleanMakeUps)
        self.source = VietnameseText.normalized(source)
        self.holidays = cleanHolidays
        self.makeUpWorkingDays = cleanMakeUps
    }

    /// Parses (`JSONParser`, after the size check) and checks `holidays.json` bytes supplied
    /// by the caller. A file that is not the expected shape is `.malformed`, naming where:
    /// `holidays[3].date: expected a real date as YYYY-MM-DD (years 0001-9999), got "2025-02-30"`.
    public static func load(jsonData: Data) throws(HolidayCalendarError) -> HolidayCalendar {
        guard jsonData.count <= maxJSONBytes else {
            throw .tooLarge(bytes: jsonData.count, maxBytes: maxJSONBytes)
        }
        // Counts are not bounded while reading: the file's size bounds the work, and the
        // initialiser refuses too many entries as for lists built in code.
        let (source, holidays, makeUpWorkingDays, officialYears) = try JSONDataFile.read(
            [UInt8](jsonData), maxBytes: maxJSONBytes, malformed: HolidayCalendarError.malformed
        ) { file throws(ValidationIssue) in
            (try file.required("source", file.verbatimString),
             try file.required("holidays") { key throws(ValidationIssue) in try file.objects(key, maxCount: .max, entry(from:)) },
             try file.objects("makeUpWorkingDays", maxCount: .max, entry(from:)),
             try file.object("officialYears").map(years(from:)))
        }
        return try HolidayCalendar(
            source: source, holidays: holidays, makeUpWorkingDays: makeUpWorkingDays ?? [], officialYears: officialYears)
    }

    /// The dates of all days off.
    public var holidayDates: Set<CivilDate> { Set(holidays.map(\.date)) }

    /// The dates of all make-up working days.
    public var makeUpWorkingDates: Set<CivilDate> { Set(makeUpWorkingDays.map(\.date)) }

    /// The name of the day off on `date`, if it is one.
    public func name(of date: CivilDate) -> String? {
        holidays.first { $0.date == date }?.name
    }

    /// The years whose days off are known: the rule's years and the official ones.
    public var coveredYears: ClosedRange<Int> {
        let computed = StatutoryHolidays.supportedYears
        guard let officialYears else { return computed }
        return min(computed.lowerBound, officialYears.lowerBound)...max(computed.upperBound, officialYears.upperBound)
    }

    /// What a working calendar built from this list covers.
    public var coverage: CalendarCoverage { CalendarCoverage(years: coveredYears, officialYears: officialYears) }

    /// The days off of every covered year: this official schedule for its years, the Labour
    /// Code's computed days for the others.
    public var allHolidays: [Entry] {
        let computedYears = StatutoryHolidays.supportedYears.filter { !(officialYears?.contains($0) ?? false) }
        return holidays + computedYears.flatMap(Self.computedHolidays(of:))
    }

    /// A working calendar of every covered year (`allHolidays`, the make-up days), refusing
    /// due dates beyond `coverage`.
    public func workingCalendar(
        periods: [WorkingPeriod] = WorkingCalendar.defaultPeriods,
        workingWeekdays: Set<Int> = [1, 2, 3, 4, 5]
    ) throws(WorkingCalendarError) -> WorkingCalendar {
        // One rule for every calendar a node builds: this file with nothing published.
        try HolidaySources(file: self).workingCalendar(periods: periods, workingWeekdays: workingWeekdays)
    }

    /// The rule's days of a year in `StatutoryHolidays.supportedYears`, where it cannot fail.
    private static func computedHolidays(of year: Int) -> [Entry] {
        do {
            return try StatutoryHolidays.holidays(of: year)
        } catch {
            preconditionFailure("called for the rule's own years only: \(error)")
        }
    }

    private static func checkedOfficialYears(
        _ declared: ClosedRange<Int>?, entries: [Entry]
    ) throws(HolidayCalendarError) -> ClosedRange<Int>? {
        let entryYears = entries.map(\.date.year)
        guard let years = declared ?? entryYears.min().flatMap({ first in entryYears.max().map { first...$0 } }) else {
            return nil
        }
        let computed = StatutoryHolidays.supportedYears
        guard years.lowerBound <= computed.upperBound + 1, years.upperBound + 1 >= computed.lowerBound else {
            throw .officialYearsDetached(years, computed: computed)
        }
        if let outside = entries.first(where: { !years.contains($0.date.year) }) {
            throw .entryOutsideOfficialYears(outside.date, years)
        }
        return years
    }

    private static func cleaned(_ entries: [Entry]) throws(HolidayCalendarError) -> [Entry] {
        var seen = Set<CivilDate>()
        var result: [Entry] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard seen.insert(entry.date).inserted else { throw .duplicateDate(entry.date) }
            let name = VietnameseText.normalized(entry.name)
            guard !name.isEmpty else { throw .emptyName(entry.date) }
            guard name.count <= maxNameCharacters else {
                throw .nameTooLong(entry.date, maxCharacters: maxNameCharacters)
            }
            result.append(Entry(date: entry.date, name: name))
        }
        return result.sorted { $0.date < $1.date }
    }

    /// `{"first": 2025, "last": 2026}`, first ≤ last, four-digit years.
    private static func years(from object: JSONObjectReader) throws(ValidationIssue) -> ClosedRange<Int> {
        let first = try object.required("first") { key throws(ValidationIssue) in try object.int(key, in: CivilDate.textYears) }
        let last = try object.required("last") { key throws(ValidationIssue) in try object.int(key, in: CivilDate.textYears) }
        guard first <= last else {
            throw ValidationIssue(field: object.fieldPath("last"), message: "must not be before first (\(first)), got \(last)")
        }
        return first...last
    }

    /// One entry of the file as written; `cleaned` normalises and checks the name. The date
    /// is read strictly (`CivilDate(iso:)`): exactly YYYY-MM-DD, no surrounding spaces.
    private static func entry(from object: JSONObjectReader) throws(ValidationIssue) -> Entry {
        let text = try object.required("date", object.verbatimString)
        guard let date = CivilDate(iso: text) else {
            throw ValidationIssue(
                field: object.fieldPath("date"),
                message: "expected a real date as YYYY-MM-DD (years 0001-9999), got \"\(text.prefix(40))\"")
        }
        return Entry(date: date, name: try object.required("name", object.verbatimString))
    }
}
