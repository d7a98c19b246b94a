import Foundation

/// A list of public holidays (days off) and make-up working days, as shipped in
/// `holidays.json`, ready to build a `WorkingCalendar`.
///
/// JSON shape:
///
///     { "source": "…",
///       "holidays": [ { "date": "2025-01-01", "name": "Tết Dương lịch" }, … ],
///       "makeUpWorkingDays": [ { "date": "2025-04-26", "name": "Làm bù …" } ] }
///
/// `makeUpWorkingDays` may be absent or null; other keys are ignored (room for notes). Names
/// are NFC-normalised on the way in.
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

    /// Checks the entries (unique dates, names present and short, no date in both lists),
    /// NFC-normalises names and sorts by date.
    public init(source: String, holidays: [Entry], makeUpWorkingDays: [Entry] = []) throws(HolidayCalendarError) {
        let total = holidays.count + makeUpWorkingDays.count
        guard total <= Self.maxEntries else { throw .tooManyEntries(count: total, max: Self.maxEntries) }
        let cleanHolidays = try Self.cleaned(holidays)
        let cleanMakeUps = try Self.cleaned(makeUpWorkingDays)
        let makeUpDates = Set(cleanMakeUps.map(\.date))
        if let clash = cleanHolidays.first(where: { makeUpDates.contains($0.date) }) {
            throw .dateInBothLists(clash.date)
        }
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
        let (source, holidays, makeUpWorkingDays) = try JSONDataFile.read(
            [UInt8](jsonData), maxBytes: maxJSONBytes, malformed: HolidayCalendarError.malformed
        ) { file throws(ValidationIssue) in
            (try file.required("source", file.verbatimString),
             try file.required("holidays") { key throws(ValidationIssue) in try file.objects(key, maxCount: .max, entry(from:)) },
             try file.objects("makeUpWorkingDays", maxCount: .max, entry(from:)))
        }
        return try HolidayCalendar(source: source, holidays: holidays, makeUpWorkingDays: makeUpWorkingDays ?? [])
    }

    /// The dates of all days off.
    public var holidayDates: Set<CivilDate> { Set(holidays.map(\.date)) }

    /// The dates of all make-up working days.
    public var makeUpWorkingDates: Set<CivilDate> { Set(makeUpWorkingDays.map(\.date)) }

    /// The name of the day off on `date`, if it is one.
    public func name(of date: CivilDate) -> String? {
        holidays.first { $0.date == date }?.name
    }

    /// A working calendar with these days off and make-up days.
    public func workingCalendar(
        periods: [WorkingPeriod] = WorkingCalendar.defaultPeriods,
        workingWeekdays: Set<Int> = [1, 2, 3, 4, 5]
    ) throws(WorkingCalendarError) -> WorkingCalendar {
        try WorkingCalendar(
            periods: periods, holidays: holidayDates, workingWeekdays: workingWeekdays,
            extraWorkingDays: makeUpWorkingDates)
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
