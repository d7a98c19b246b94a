/// Why a holiday list was refused.
public enum HolidayCalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(bytes: Int, maxBytes: Int)
    case malformed(String)
    case tooManyEntries(count: Int, max: Int)
    case duplicateDate(CivilDate)
    case emptyName(CivilDate)
    case nameTooLong(CivilDate, maxCharacters: Int)
    case dateInBothLists(CivilDate)
    case entryOutsideOfficialYears(CivilDate, ClosedRange<Int>)
    case officialYearsDetached(ClosedRange<Int>, computed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let maxBytes):
            return "holiday list: \(bytes) bytes; at most \(maxBytes) bytes are allowed"
        case .malformed(let problem):
            return "holiday list: not the expected JSON {\"source\", \"holidays\": [{\"date\": \"YYYY-MM-DD\", \"name\"}], \"makeUpWorkingDays\"?}: \(problem)"
        case .tooManyEntries(let count, let max):
            return "holiday list: \(count) entries; at most \(max) are allowed"
        case .duplicateDate(let date):
            return "holiday list: \(date) is listed more than once"
        case .emptyName(let date):
            return "holiday list: \(date) has an empty name"
        case .nameTooLong(let date, let maxCharacters):
            return "holiday list: the name of \(date) is longer than \(maxCharacters) characters"
        case .dateInBothLists(let date):
            return "holiday list: \(date) is both a day off and a make-up working day"
        case .entryOutsideOfficialYears(let date, let years):
            return "holiday list: \(date) lies outside officialYears \(years.lowerBound)...\(years.upperBound); widen officialYears or remove the entry"
        case .officialYearsDetached(let years, let computed):
            return "holiday list: officialYears \(years.lowerBound)...\(years.upperBound) must meet or adjoin the computed years \(computed.lowerBound)...\(computed.upperBound), so that the calendar has no gap"
        }
    }
}
