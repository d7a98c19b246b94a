/// A fee or charge (phí, lệ phí) of a procedure, in Vietnamese đồng.
public struct Fee: Sendable, Hashable {
    /// What the fee is for, e.g. "Lệ phí chứng thực bản sao (mỗi trang)".
    public let name: String
    /// Amount in VND (the đồng has no subunit in use); 0 for an exempt (miễn) fee.
    public let amountVND: Int64

    public init(name: String, amountVND: Int64) {
        self.name = name
        self.amountVND = amountVND
    }
}
