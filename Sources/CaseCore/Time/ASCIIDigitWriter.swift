/// Writes zero-padded decimal fields and separators into a byte buffer, left to
/// right: the allocation-free way `VietnamTime.iso8601` builds its text.
struct ASCIIDigitWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// `value` (0 ≤ value < 10^width) in exactly `width` digits, then `separator` if any.
    mutating func digits(_ value: Int64, width: Int, then separator: Unicode.Scalar?) {
        precondition(value >= 0 && count + width + (separator == nil ? 0 : 1) <= buffer.count, "the field fits the buffer")
        var rest = value
        for position in stride(from: count + width - 1, through: count, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        precondition(rest == 0, "\(value) has more than \(width) digits")
        count += width
        if let separator {
            buffer[count] = UInt8(ascii: separator)
            count += 1
        }
    }
}
