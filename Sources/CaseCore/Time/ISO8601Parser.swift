/// Strict parser for RFC 3339 timestamps (the ISO 8601 profile used on the wire and in JSON).
///
/// Accepted shape, nothing else:
///
///     YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
///
/// - `T` and `Z` upper-case only; seconds are required; the fraction has 1–9 digits and is
///   truncated to milliseconds (`.1239` → 123 ms).
/// - The date must be real (years 0001–9999); hours 00–23, minutes and seconds 00–59
///   (leap seconds `:60` are refused: the core counts plain milliseconds).
/// - Offset hours 00–23 and minutes 00–59, with the colon; `-00:00` is read as UTC.
/// - No whitespace, no week or ordinal dates, no basic format without separators.
enum ISO8601Parser {
    /// The longest accepted text: date 10 + `T` 1 + time 8 + `.` and 9 digits 10 + offset 6.
    /// Checked before anything is copied, so a huge string costs nothing.
    static let maxLengthBytes = 35

    static func parse(_ text: String) -> Instant? {
        guard text.utf8.count <= maxLengthBytes else { return nil }
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"),
              let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              let millisecondOfDay = parseTime(bytes[11..<19]) else { return nil }
        let (fractionMs, offsetStart) = parseFraction(bytes, from: 19)
        guard let fraction = fractionMs, let offsetMs = parseOffset(bytes[offsetStart...]) else {
            return nil
        }
        let localMs = date.daysSinceEpoch * VietnamTime.millisecondsPerDay + millisecondOfDay + fraction
        return Instant(millisecondsSinceEpoch: localMs - offsetMs)
    }

    /// `HH:MM:SS` → milliseconds of the day.
    private static func parseTime(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let start = bytes.startIndex
        guard bytes[start + 2] == UInt8(ascii: ":"), bytes[start + 5] == UInt8(ascii: ":"),
              let hour = ASCIIDigits.value(bytes[start..<start + 2]), hour <= 23,
              let minute = ASCIIDigits.value(bytes[start + 3..<start + 5]), minute <= 59,
              let second = ASCIIDigits.value(bytes[start + 6..<start + 8]), second <= 59 else {
            return nil
        }
        return Int64(hour * 3_600 + minute * 60 + second) * 1_000
    }

    /// An optional `.digits` at `index`: its milliseconds (nil if malformed) and where the
    /// offset starts.
    private static func parseFraction(_ bytes: [UInt8], from index: Int) -> (Int64?, Int) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return (0, index) }
        var end = index + 1
        while end < bytes.count, ASCIIDigits.isDigit(bytes[end]) { end += 1 }
        let digitCount = end - index - 1
        guard (1...9).contains(digitCount) else { return (nil, end) }
        // Keep the first three digits, padding short fractions: ".5" is 500 ms.
        var millis: Int64 = 0
        for position in 0..<3 {
            let digitIndex = index + 1 + position
            let digit = digitIndex < end ? Int64(bytes[digitIndex] - UInt8(ascii: "0")) : 0
            millis = millis * 10 + digit
        }
        return (millis, end)
    }

    /// `Z` or `±HH:MM` and nothing after it → the offset east of UTC in milliseconds.
    private static func parseOffset(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let start = bytes.startIndex
        if bytes.count == 1, bytes[start] == UInt8(ascii: "Z") { return 0 }
        guard bytes.count == 6, bytes[start + 3] == UInt8(ascii: ":"),
              let hours = ASCIIDigits.value(bytes[start + 1..<start + 3]), hours <= 23,
              let minutes = ASCIIDigits.value(bytes[start + 4..<start + 6]), minutes <= 59 else {
            return nil
        }
        let magnitude = Int64(hours * 60 + minutes) * VietnamTime.millisecondsPerMinute
        switch bytes[start] {
        case UInt8(ascii: "+"): return magnitude
        case UInt8(ascii: "-"): return -magnitude
        default: return nil
        }
    }
}
