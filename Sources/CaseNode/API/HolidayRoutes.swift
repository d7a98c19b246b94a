import CaseCore
import CaseNet
import CaseSupport

/// `GET /v1/holidays` (where each year's days off come from) and `POST /v1/admin/holidays`
/// (publish a holiday schedule the cluster root signed: `{"schedule": "casestore-holiday-schedule-v1 <hex>"}`).
extension APIRouter {
    /// How far ahead of this node's clock a root-signed schedule or merger may be issued.
    /// Why 10 minutes: the admin's machine and the node keep time by NTP; a record dated
    /// further ahead (a wrong clock) would outrank every correction signed before that date.
    static let maxRootRecordClockSkewMs: Int64 = 10 * 60 * 1_000

    func holidaySchedules(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let holidays = try requireHolidays()
        if let (name, _) = request.queryItems.first(where: { $0.0 != "year" }) {
            throw SearchParameters.bad("unknown query parameter '\(name.prefix(40))'; this endpoint takes year")
        }
        guard let text = request.query("year") else { return .json(200, HolidaySourcesJSON.summary(holidays.sources)) }
        guard let year = Int(text), let json = HolidaySourcesJSON.year(year, of: holidays.sources) else {
            throw SearchParameters.bad("year: expected a year the calendar covers (\(HolidaySourcesJSON.coveredText(holidays.sources))), got '\(text.prefix(20))'")
        }
        return .json(200, json)
    }

    func publishHolidays(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try Self.refuseQueryParameters(request)
        let holidays = try requireHolidays()
        let replication = try requireReplication()
        guard let authority = service.rootAuthority else {
            throw ServiceError(
                httpStatus: 409, code: "no_root_key",
                message: "this cluster has no root key, so nothing could tell a published schedule from a forgery: give every node the schedule with --holidays FILE (docs/holidays.md)")
        }
        let schedule = try Self.schedule(in: try Self.jsonBody(request))
        do {
            try schedule.verify(root: authority.root, clusterID: authority.clusterID)
        } catch {
            throw ServiceError(httpStatus: 403, code: "schedule_not_signed", message: error.message)
        }
        guard schedule.issuedAtMs <= service.now.millisecondsSinceEpoch + Self.maxRootRecordClockSkewMs else {
            throw ServiceError(
                httpStatus: 422, code: "schedule_from_the_future",
                message: "the schedule is issued at \(Instant(millisecondsSinceEpoch: schedule.issuedAtMs)), after this node's clock (\(service.now)): check the clock of the machine that signed it")
        }
        let held = holidays.sources.published[schedule.year]
        if let held, held != schedule, !schedule.supersedes(held) {
            throw ServiceError(httpStatus: 409, code: "schedule_superseded", message: "this node holds a later one: \(held); sign a new one")
        }
        do {
            try holidays.adopt([schedule])
        } catch {
            // As every write reports it: 507 disk full, 503 busy, and a damaged file stops the node serving.
            throw service.storageGate.failure(error)
        }
        try replication.publish(schedule)
        return .json(200, HolidaySourcesJSON.published(schedule, unchanged: held == schedule))
    }

    private func requireHolidays() throws(ServiceError) -> HolidayCalendarKeeper {
        guard let holidays else { throw ServiceError.notFound("this node keeps no holiday schedules") }
        return holidays
    }

    private static func schedule(in body: JSONValue) throws(ServiceError) -> HolidaySchedule {
        do throws(ValidationIssue) {
            let reader = try JSONObjectReader(body)
            try reader.rejectUnknownKeys(allowed: ["schedule"])
            return try HolidaySchedule(text: try reader.requiredString("schedule"))
        } catch {
            throw ServiceError.invalid(error)
        }
    }
}

/// The holiday routes' answers.
enum HolidaySourcesJSON {
    /// Every covered year with where its days off come from, and the calendar's reach.
    static func summary(_ sources: HolidaySources) -> JSONValue {
        let coverage = sources.coverage
        let years: [JSONValue] = (coverage.dates.lowerBound.year...coverage.dates.upperBound.year).compactMap { year in
            sources.source(of: year).map { source in .object(yearFields(year, source, sources)) }
        }
        return [
            "coveredThrough": .string(coverage.dates.upperBound.iso),
            "officialThrough": coverage.officialDates.map { .string($0.upperBound.iso) } ?? .null,
            "file": .string(sources.file.source),
            "years": .array(years),
        ]
    }

    /// One year's source with its days off and make-up days; nil for a year not covered.
    static func year(_ year: Int, of sources: HolidaySources) -> JSONValue? {
        guard let source = sources.source(of: year) else { return nil }
        var fields = yearFields(year, source, sources)
        let entries = { (list: [HolidayCalendar.Entry]) -> JSONValue in
            .array(list.filter { $0.date.year == year }.sorted { $0.date < $1.date }.map { ["date": .string($0.date.iso), "name": .string($0.name)] })
        }
        fields["holidays"] = entries(sources.holidays)
        fields["makeUpWorkingDays"] = entries(sources.makeUpWorkingDays)
        return .object(fields)
    }

    static func published(_ schedule: HolidaySchedule, unchanged: Bool) -> JSONValue {
        [
            "year": .int(Int64(schedule.year)), "source": .string(HolidaySources.Source.published.rawValue),
            "issuedAt": .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: schedule.issuedAtMs))),
            "notice": .string(schedule.notice), "holidays": .int(Int64(schedule.holidays.count)),
            "makeUpWorkingDays": .int(Int64(schedule.makeUpWorkingDays.count)), "unchanged": .bool(unchanged),
        ]
    }

    static func coveredText(_ sources: HolidaySources) -> String {
        "\(sources.coverage.dates.lowerBound.year)-\(sources.coverage.dates.upperBound.year)"
    }

    private static func yearFields(_ year: Int, _ source: HolidaySources.Source, _ sources: HolidaySources) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["year": .int(Int64(year)), "source": .string(source.rawValue)]
        if let schedule = sources.published[year] {
            fields["issuedAt"] = .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: schedule.issuedAtMs)))
            fields["notice"] = .string(schedule.notice)
        }
        return fields
    }
}
