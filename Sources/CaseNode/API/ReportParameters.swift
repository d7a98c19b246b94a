import CaseCore
import CaseNet

/// Reads `GET /v1/reports?from=&to=&centre=` (the period's first and last day, Vietnam dates,
/// both included, and an optional centre) or `GET /v1/reports?handover=RETIRED` (the backlog a
/// merger handed over), refusing what it does not understand.
///
/// Defaults: no dates, the current month; `from` alone, from then until today; `to` alone,
/// from the first day of its month.
struct ReportParameters {
    var first: CivilDate
    var last: CivilDate
    var centre: String?
    /// The retired centre whose handed-over backlog is asked for, instead of a period's figures.
    var handover: String?

    static let known: Set<String> = ["from", "to", "centre", "handover"]
    /// Years a report date may name.
    /// Why 2000–2999: casestore's data starts in 2025, so earlier or later years are typos,
    /// and the bound keeps every instant well inside what event timestamps can hold.
    static let years = 2000...2999

    init(_ request: HTTPRequest, today: CivilDate) throws(ServiceError) {
        try SearchParameters.refuseUnknown(request, allowed: Self.known)
        handover = try Self.centre(request.query("handover"), field: "handover")
        if handover != nil, let other = ["from", "to", "centre"].first(where: { request.query($0) != nil }) {
            throw SearchParameters.bad("handover lists a merger's backlog as it stands now; it takes no \(other)")
        }
        let from = try Self.date(request.query("from"), name: "from")
        let to = try Self.date(request.query("to"), name: "to")
        switch (from, to) {
        case let (from?, to?): (first, last) = (from, to)
        case let (from?, nil): (first, last) = (from, today)
        case let (nil, to?): (first, last) = (Self.firstOfMonth(to), to)
        case (nil, nil): (first, last) = (Self.firstOfMonth(today), Self.lastOfMonth(today))
        }
        guard first <= last else {
            let hint = to == nil ? " (without to, the period ends today, \(today.iso))" : ""
            throw SearchParameters.bad("from \(first.iso) is after to \(last.iso)\(hint)")
        }
        centre = try Self.centre(request.query("centre"), field: "centre")
    }

    private static func centre(_ text: String?, field: String) throws(ServiceError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        do {
            try NodeName.validate(text, field: field)
        } catch {
            throw SearchParameters.bad(error.description)
        }
        return text
    }

    private static func date(_ text: String?, name: String) throws(ServiceError) -> CivilDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = CivilDate(iso: text), years.contains(date.year) else {
            throw SearchParameters.bad("\(name) must be a date YYYY-MM-DD in the years \(years.lowerBound)-\(years.upperBound), got '\(text.prefix(40))'")
        }
        return date
    }

    static func firstOfMonth(_ date: CivilDate) -> CivilDate {
        CivilDate(year: date.year, month: date.month, day: 1)!
    }

    static func lastOfMonth(_ date: CivilDate) -> CivilDate {
        CivilDate(year: date.year, month: date.month, day: CivilDate.daysInMonth(year: date.year, month: date.month))!
    }
}
