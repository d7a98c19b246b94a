/// Vietnamese phone numbers of applicants, normalised to the national form `0XXXXXXXXX`.
///
/// Accepted input: digits with optional spaces, `.`, `-`, `(`, `)` between them, in national
/// form (`0912 345 678`, `091.234.5678`) or international form (`+84912345678`,
/// `84912345678`, `0084912345678`, `+84 (0)912 345 678`). Only Vietnamese numbers (+84).
///
/// Valid results:
/// - mobile: 10 digits starting 03, 05, 07, 08 or 09 (the post-2018 mobile ranges). The
///   third digit is not checked: operators get new blocks, and refusing a real number at the
///   counter is worse than accepting an unassigned one.
/// - landline: starting 02 (area codes since 2017), 10 or 11 digits.
/// Service numbers (1800…, 1900…) and short codes are not applicants' phones and are refused.
public enum PhoneNumber {
    /// What kind of line a normalised number is.
    public enum Kind: String, Sendable, Hashable {
        case mobile
        case landline
    }

    /// The longest input looked at: the longest sensible spelling, `+84 (0) 24 3826 1234`,
    /// is 20 characters; 32 leaves room for extra spaces without parsing a pasted paragraph.
    public static let maxInputBytes = 32

    /// The national form of `text` (`0912345678`), or a `ValidationIssue` naming `field`.
    public static func normalize(_ text: String, field: String) throws(ValidationIssue) -> String {
        guard text.utf8.count <= maxInputBytes else {
            throw ValidationIssue(field: field, message: "a phone number is at most \(maxInputBytes) characters; got \(text.utf8.count) bytes")
        }
        let (digits, international) = try digitsAndPlus(text, field: field)
        let national = try nationalForm(digits: digits, international: international, field: field)
        _ = try kind(ofNational: national, field: field)
        return national
    }

    /// The kind of an already-normalised number, or nil if it is not a valid national form.
    public static func kind(of normalized: String) -> Kind? {
        try? kind(ofNational: normalized, field: "")
    }

    /// Separates the digits from allowed punctuation; notes a leading `+`.
    private static func digitsAndPlus(_ text: String, field: String) throws(ValidationIssue) -> (String, Bool) {
        var digits = ""
        var sawPlus = false
        for character in text {
            if let ascii = character.asciiValue, ASCIIDigits.isDigit(ascii) {
                digits.append(character)
            } else if character == "+", digits.isEmpty, !sawPlus {
                sawPlus = true
            } else if !(character == " " || character == "." || character == "-" || character == "(" || character == ")") {
                throw ValidationIssue(field: field, message: "a phone number may contain digits, spaces, '.', '-', '(', ')' and a leading '+'; found \"\(character)\"")
            }
        }
        guard !digits.isEmpty else {
            throw ValidationIssue(field: field, message: "a phone number needs digits, e.g. 0912 345 678")
        }
        return (digits, sawPlus)
    }

    /// `+84…`, `0084…`, `84…` (11–12 digits) → `0…`; national numbers must start with 0.
    private static func nationalForm(digits: String, international: Bool, field: String) throws(ValidationIssue) -> String {
        var subscriber: Substring
        if international {
            guard digits.hasPrefix("84") else {
                throw ValidationIssue(field: field, message: "only Vietnamese numbers (+84) are accepted")
            }
            subscriber = digits.dropFirst(2)
        } else if digits.hasPrefix("0084") {
            subscriber = digits.dropFirst(4)
        } else if digits.hasPrefix("84"), digits.count == 11 || digits.count == 12 {
            subscriber = digits.dropFirst(2)
        } else {
            guard digits.hasPrefix("0") else {
                throw ValidationIssue(field: field, message: "a Vietnamese phone number starts with 0 (or +84), e.g. 0912 345 678")
            }
            return digits
        }
        // "+84 (0)912…": the trunk 0 is sometimes written after the country code.
        if subscriber.hasPrefix("0") { subscriber = subscriber.dropFirst() }
        return "0" + subscriber
    }

    private static func kind(ofNational number: String, field: String) throws(ValidationIssue) -> Kind {
        let bytes = Array(number.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "0"), bytes.allSatisfy(ASCIIDigits.isDigit) else {
            throw ValidationIssue(field: field, message: "a Vietnamese phone number starts with 0 (or +84) and has only digits")
        }
        switch bytes[1] {
        case UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "7"), UInt8(ascii: "8"), UInt8(ascii: "9"):
            guard bytes.count == 10 else {
                throw ValidationIssue(field: field, message: "a mobile number has 10 digits (e.g. 0912 345 678); got \(bytes.count)")
            }
            return .mobile
        case UInt8(ascii: "2"):
            guard bytes.count == 10 || bytes.count == 11 else {
                throw ValidationIssue(field: field, message: "a landline number has 10 or 11 digits with its 02x area code (e.g. 024 3826 1234); got \(bytes.count)")
            }
            return .landline
        default:
            throw ValidationIssue(field: field, message: "a Vietnamese number starts with 03, 05, 07, 08, 09 (mobile) or 02 (landline); got \(String(decoding: bytes.prefix(2), as: UTF8.self))")
        }
    }
}
