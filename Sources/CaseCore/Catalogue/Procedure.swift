/// An administrative procedure (thủ tục hành chính) as a centre offers it.
public struct Procedure: Sendable, Hashable {
    /// National code, e.g. `1.001193`, optionally with a province suffix `.H38`
    /// (see `ProcedureCode`).
    public let code: String
    /// Vietnamese name, e.g. "Đăng ký khai sinh".
    public let name: String
    /// Field (lĩnh vực), e.g. "Hộ tịch", "Chứng thực".
    public let field: String
    /// Statutory time limit in working days, 1…`WorkingCalendar.maxWorkingDays`: the limit
    /// itself when `timeLimit` is in working days, else what nodes older than time units count
    /// (a same-day procedure is 1). 0 is refused because it would make a dossier due the
    /// moment it is received.
    public let timeLimitWorkingDays: Int
    /// The limit in the procedure's own unit (docs/due-dates.md, "Units"): what due dates
    /// are computed from. Default: `timeLimitWorkingDays` working days.
    public let timeLimit: TimeLimit
    /// Fees and charges; empty when the procedure is free.
    public let fees: [Fee]
    /// Online service level, e.g. "Toàn trình" (fully online) or "Một phần" (partly); nil if
    /// unknown.
    public let level: String?
    /// Whether the time the citizen takes to pay financial obligations (land procedures)
    /// is left out of the time limit: a payment request then stops the clock, and `paid`
    /// restarts it with the time left. Default false: the clock runs on while the citizen
    /// pays, as it did before the catalogue could say otherwise (docs/due-dates.md).
    public let paymentTimeExcluded: Bool
    /// Who decides it (docs/procedures.md). Default: the commune People's Committee.
    public let competentAuthority: CompetentAuthority
    /// Where it may be filed regardless of boundaries. Default: any centre of the province.
    public let locationIndependence: LocationIndependence
    /// Whether commune centres receive it at all. False for a procedure its body receives only
    /// itself (residence: the commune police): a filing is refused, naming that body. Default true.
    public let receivedAtCommuneCentre: Bool

    public init(
        code: String, name: String, field: String, timeLimitWorkingDays: Int, fees: [Fee], level: String? = nil,
        paymentTimeExcluded: Bool = false, timeLimit: TimeLimit? = nil,
        competentAuthority: CompetentAuthority = .communePeoplesCommittee,
        locationIndependence: LocationIndependence = .province, receivedAtCommuneCentre: Bool = true
    ) {
        self.code = code
        self.name = name
        self.field = field
        self.timeLimitWorkingDays = timeLimitWorkingDays
        self.timeLimit = timeLimit ?? .workingDays(timeLimitWorkingDays)
        self.fees = fees
        self.level = level
        self.paymentTimeExcluded = paymentTimeExcluded
        self.competentAuthority = competentAuthority
        self.locationIndependence = locationIndependence
        self.receivedAtCommuneCentre = receivedAtCommuneCentre
    }
}
