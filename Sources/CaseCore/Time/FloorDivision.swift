/// Integer division rounding toward negative infinity.
///
/// Swift's `/` truncates toward zero, which puts instants before the epoch on the wrong day
/// (−1 ms is 1969-12-31, not 1970-01-01). Calendar arithmetic must use these instead.
enum FloorDivision {
    /// `a / b` rounded down. `b` must be positive.
    static func quotient(_ a: Int64, _ b: Int64) -> Int64 {
        precondition(b > 0, "FloorDivision needs a positive divisor")
        let q = a / b
        return (a % b < 0) ? q - 1 : q
    }

    /// The remainder matching `quotient`: always in `0..<b`.
    static func remainder(_ a: Int64, _ b: Int64) -> Int64 {
        precondition(b > 0, "FloorDivision needs a positive divisor")
        let r = a % b
        return r < 0 ? r + b : r
    }
}
