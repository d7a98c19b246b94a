/// An administrative procedure (thủ tục hành chính) as a centre offers it.
public struct Procedure: Sendable, Hashable {
    /// National code, e.g. `1.001193`, optionally with a province suffix `.H38`
    /// (see `ProcedureCode`).
    public let code: String
    /// Vietnamese name, e.g. "Đăng ký khai sinh".
    public let name: String
    /// Field (lĩnh vực), e.g. "Hộ tịch", "Chứng thực".
    public let field: String
    /// Statutory time limit in working days, 1…`WorkingCalendar.maxWorkingDays`. Procedures
    /// the law resolves "the same day" are recorded as 1 (the next working day at the latest
    /// covers receipts late in the day); 0 is refused because it would make a dossier due
    /// the moment it is received.
    public let timeLimitWorkingDays: Int
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

    public init(
        code: String, name: String, field: String, timeLimitWorkingDays: Int, fees: [Fee], level: String? = nil,
        paymentTimeExcluded: Bool = false
    ) {
        self.code = code
        self.name = name
        self.field = field
        self.timeLimitWorkingDays = timeLimitWorkingDays
        self.fees = fees
        self.level = level
        self.paymentTimeExcluded = paymentTimeExcluded
    }
}
