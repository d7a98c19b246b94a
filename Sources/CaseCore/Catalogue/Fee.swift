/// A fee or charge (phí, lệ phí) of a procedure, in Vietnamese đồng, and what it is counted
/// by (`FeeCalculation` applies it to a filing).
public struct Fee: Sendable, Hashable {
    /// What one `amountVND` pays for.
    public enum Unit: String, Sendable, CaseIterable {
        /// Once per dossier: the default, and the only unit before units existed.
        case perCase
        /// Per page of each document (pages of the original, Circular 226/2016/TT-BTC), times
        /// the copies asked for; only pages `fromPage...toPage` count.
        case perPage
        /// Per copy asked for (a copy of an extract, a certified copy).
        case perCopy
    }

    /// What the fee is for, e.g. "Lệ phí chứng thực bản sao (mỗi trang)".
    public let name: String
    /// Amount in VND per unit (the đồng has no subunit in use); 0 for an exempt (miễn) fee.
    public let amountVND: Int64
    public let unit: Unit
    /// For `perPage`: the first page this amount applies to (nil: page 1).
    public let fromPage: Int?
    /// For `perPage`: the last page this amount applies to (nil: every page from `fromPage`).
    public let toPage: Int?
    /// For `perPage`: the most this fee charges for one copy of one document.
    public let maxPerCopyVND: Int64?

    public init(
        name: String, amountVND: Int64, unit: Unit = .perCase, fromPage: Int? = nil, toPage: Int? = nil, maxPerCopyVND: Int64? = nil
    ) {
        self.name = name
        self.amountVND = amountVND
        self.unit = unit
        self.fromPage = fromPage
        self.toPage = toPage
        self.maxPerCopyVND = maxPerCopyVND
    }
}
