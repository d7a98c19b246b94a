/// Identity numbers of applicants: the 12-digit citizen identity number (CCCD, số định danh
/// cá nhân) of people and the tax code (mã số thuế) of organisations.
///
/// Validators take the raw input exactly as typed (trim it first if you want to be lenient)
/// and throw a `ValidationIssue` naming `field` and saying what was wrong.
public enum IdentityNumber {
    /// What the structure of a valid CCCD says about its holder.
    public struct CitizenIDFacts: Equatable, Sendable {
        /// Birth-province code, 1…96 (digits 1–3).
        public let provinceCode: Int
        /// Name of that province before the 2025 merger, e.g. "Hà Nội".
        public let provinceName: String
        /// Birth year from digits 4–6.
        public let birthYear: Int
        /// From digit 4: even = male, odd = female.
        public let isFemale: Bool
    }

    /// Length a CCCD must have.
    public static let citizenIDLength = 12

    /// Inputs longer than this many UTF-8 bytes are refused by length alone: every accepted
    /// identity number is at most 14 ASCII characters.
    static let maxCountedBytes = 64

    /// Checks a CCCD: exactly 12 ASCII digits; digits 1–3 a birth-province code of the old
    /// 63-province list (001–096 with gaps); digit 4 the century and sex (0/1 = 1900s,
    /// 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 1800s; even male, odd female); digits 5–6
    /// the last two digits of the birth year. When `birthDate` is given, century and year must
    /// match it. The last 6 digits are random and carry no check digit.
    public static func validateCitizenID(_ text: String, birthDate: CivilDate?, field: String) throws(ValidationIssue) {
        _ = try citizenIDFacts(text, birthDate: birthDate, field: field)
    }

    /// `validateCitizenID`, returning what the number says.
    public static func citizenIDFacts(_ text: String, birthDate: CivilDate?, field: String) throws(ValidationIssue) -> CitizenIDFacts {
        let digits = try asciiDigits(text, expectedLength: citizenIDLength, what: "a citizen identity number (CCCD)", field: field)
        let provinceCode = digits[0] * 100 + digits[1] * 10 + digits[2]
        guard let provinceName = CitizenIDProvince.names[provinceCode] else {
            throw ValidationIssue(field: field, message: "digits 1-3 (\(text.prefix(3))) are not a birth-province code; valid codes are those of the 63 provinces before 2025 (001-096, with gaps: e.g. 001 Hà Nội, 079 Hồ Chí Minh)")
        }
        let centuryStart = centuryStartYear(forDigit: digits[3])
        let birthYear = centuryStart + digits[4] * 10 + digits[5]
        if let birthDate {
            try checkBirthYear(digits: digits, centuryStart: centuryStart, birthYear: birthYear, birthDate: birthDate, field: field)
        }
        return CitizenIDFacts(provinceCode: provinceCode, provinceName: provinceName, birthYear: birthYear, isFemale: digits[3] % 2 == 1)
    }

    /// Checks an organisation's tax code: 10 digits (`0100107518`), or 10 digits, `-` and a
    /// 3-digit branch number 001–999 (`0100107518-001`).
    ///
    /// The 10th digit is the check digit of the Vietnamese tax-code scheme:
    /// `10 − (31·d1 + 29·d2 + 23·d3 + 19·d4 + 17·d5 + 13·d6 + 7·d7 + 5·d8 + 3·d9) mod 11`;
    /// a remainder of 0 would need "10", so such numbers are never issued and are refused.
    /// Verified against published codes (e.g. 0100107518, 0100109106, 0300588569).
    public static func validateTaxCode(_ text: String, field: String) throws(ValidationIssue) {
        let shapeIssue = ValidationIssue(field: field, message: "a tax code is 10 digits, or 10 digits, '-' and a 3-digit branch number (e.g. 0100107518-001)")
        guard text.utf8.count <= 14 else { throw shapeIssue }
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw shapeIssue }
        let main = String(decoding: parts[0], as: UTF8.self)
        let digits = try asciiDigits(main, expectedLength: 10, what: "the main part of a tax code", field: field)
        if parts.count == 2 {
            let branch = String(decoding: parts[1], as: UTF8.self)
            let branchDigits = try asciiDigits(branch, expectedLength: 3, what: "the branch part of a tax code", field: field)
            guard branchDigits != [0, 0, 0] else {
                throw ValidationIssue(field: field, message: "branch number 000 does not exist; branches are numbered 001-999")
            }
        }
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        let remainder = zip(weights, digits).reduce(0) { $0 + $1.0 * $1.1 } % 11
        guard remainder != 0, 10 - remainder == digits[9] else {
            throw ValidationIssue(field: field, message: "tax code \(main) fails its check digit (the 10th digit); check for a typing mistake")
        }
    }

    /// A form safe for logs: the first 3 and last 3 characters kept, the rest as `*`
    /// ("001090012345" → "001******345"). Inputs of 6 characters or fewer are fully masked.
    public static func masked(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 6 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 6)
            + String(characters.suffix(3))
    }

    /// First year of the century encoded by digit 4 of a CCCD.
    static func centuryStartYear(forDigit digit: Int) -> Int {
        switch digit {
        case 0, 1: return 1900
        case 2, 3: return 2000
        case 4, 5: return 2100
        case 6, 7: return 2200
        default: return 1800
        }
    }

    private static func checkBirthYear(digits: [Int], centuryStart: Int, birthYear: Int, birthDate: CivilDate, field: String) throws(ValidationIssue) {
        guard birthYear != birthDate.year else { return }
        let statedCentury = birthDate.year - ((birthDate.year % 100) + 100) % 100
        if statedCentury != centuryStart {
            throw ValidationIssue(field: field, message: "digit 4 (\(digits[3])) means born in the \(centuryStart)s, but the date of birth is \(birthDate)")
        }
        throw ValidationIssue(field: field, message: "digits 5-6 (\(digits[4])\(digits[5])) mean born in \(birthYear), but the date of birth is \(birthDate)")
    }

    /// The digits of `text` if it is exactly `expectedLength` ASCII digits.
    private static func asciiDigits(_ text: String, expectedLength: Int, what: String, field: String) throws(ValidationIssue) -> [Int] {
        // Count characters only for short inputs: a megabyte pasted into the field is
        // reported by its byte length without walking its grapheme clusters.
        guard text.utf8.count <= maxCountedBytes else {
            throw ValidationIssue(field: field, message: "\(what) has exactly \(expectedLength) digits; got \(text.utf8.count) bytes of text")
        }
        let length = text.count
        guard length == expectedLength else {
            throw ValidationIssue(field: field, message: "\(what) has exactly \(expectedLength) digits; got \(length) characters")
        }
        var digits: [Int] = []
        digits.reserveCapacity(expectedLength)
        for (position, character) in text.enumerated() {
            guard let ascii = character.asciiValue, ASCIIDigits.isDigit(ascii) else {
                throw ValidationIssue(field: field, message: "\(what) may contain only the digits 0-9; character \(position + 1) is \"\(character)\"")
            }
            digits.append(Int(ascii - UInt8(ascii: "0")))
        }
        return digits
    }
}
