/// Dossier codes in the official shape `AGENCY-YYMMDD-NNNN` (Circular
/// 01/2018/TT-VPCP): the receiving unit's agency code, the receipt date, and
/// a 4-digit sequence within that day at that unit. Each node numbers its own
/// receipts, so the agency prefix alone makes codes unique cluster-wide
/// without any coordination.
public struct DossierCode: Hashable, Sendable, CustomStringConvertible {
    /// Four digits: a unit that would receive a 10,000th dossier in one day
    /// must say so rather than wrap around and reuse a code.
    public static let maxDailySequence = 9_999
    /// Agency codes are short ("000.00.12.H56"); this bounds the whole code.
    public static let maxLength = 48

    public let agency: String
    public let date: CivilDate
    public let sequence: Int

    public init(agency: String, date: CivilDate, sequence: Int) {
        precondition((1...Self.maxDailySequence).contains(sequence), "daily sequence out of range: \(sequence)")
        self.agency = agency
        self.date = date
        self.sequence = sequence
    }

    /// "YYMMDD" of the receipt date.
    public var dayStamp: String {
        Self.twoDigits(date.year % 100) + Self.twoDigits(date.month) + Self.twoDigits(date.day)
    }

    public var description: String {
        let digits = String(sequence)
        return "\(agency)-\(dayStamp)-\(String(repeating: "0", count: 4 - digits.count))\(digits)"
    }

    /// Whether `text` has the shape of a dossier code (used to refuse junk in URLs early):
    /// an agency of ASCII letters, digits and dots, six digits, four digits, joined by '-'.
    /// Checked on the UTF-8 bytes: every replicated event is checked, and splitting the text
    /// and asking Unicode properties of each scalar was a tenth of the writer's validation.
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.utf8.count <= maxLength else { return false }
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty else { return false }
        let allowedAgency = parts[0].allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || $0 == UInt8(ascii: ".") }
        return allowedAgency && isDigits(parts[1], count: 6) && isDigits(parts[2], count: 4)
    }

    /// The agency part of a well-formed code (the receiving unit's), nil for any other text.
    public static func agency(ofCode text: String) -> String? {
        guard isWellFormed(text), let hyphen = text.firstIndex(of: "-") else { return nil }
        return String(text[..<hyphen])
    }

    private static func isDigits(_ bytes: Substring.UTF8View, count: Int) -> Bool {
        bytes.count == count && bytes.allSatisfy(isASCIIDigit)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
