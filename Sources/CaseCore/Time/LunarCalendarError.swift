/// Why a lunar date could not be computed.
public enum LunarCalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case yearOutOfRange(Int, supported: ClosedRange<Int>)
    case invalidMonth(Int)
    case invalidDay(Int)
    case noSuchLeapMonth(year: Int, month: Int)
    case noSuchDay(year: Int, month: Int, day: Int, monthLength: Int64)

    public var description: String {
        switch self {
        case .yearOutOfRange(let year, let supported):
            return "lunar calendar: year \(year) is outside the computed years \(supported.lowerBound)...\(supported.upperBound)"
        case .invalidMonth(let month):
            return "lunar calendar: month \(month) does not exist; months are 1...12"
        case .invalidDay(let day):
            return "lunar calendar: day \(day) does not exist; days are 1...30"
        case .noSuchLeapMonth(let year, let month):
            return "lunar calendar: lunar year \(year) has no leap month \(month)"
        case .noSuchDay(let year, let month, let day, let length):
            return "lunar calendar: month \(month) of lunar year \(year) has \(length) days, so it has no day \(day)"
        }
    }
}
