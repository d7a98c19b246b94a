import Foundation

/// Hides identity numbers (CCCD, old CMND, tax codes) and phone numbers in text that
/// leaves the process, such as log lines, so they never reach logs by accident; and
/// shortens a person's name to initials where a log line has to tell people apart.
public enum PersonalDataMasking {
    /// Most initials written for one name; more words end in "…".
    /// Why 8: Vietnamese personal names run to five or six words; eight initials tell people
    /// apart as well as more would, and keep the value short whatever the input.
    public static let maxInitials = 8

    /// The shortest digit run masked: old 9-digit CMND numbers and 10-digit phone numbers.
    public static let minMaskedDigits = 9
    /// The longest digit run masked: 12-digit CCCD and 13-digit branch tax codes. Longer
    /// runs are not personal identifiers we know of and are left alone.
    public static let maxMaskedDigits = 13
    /// Digits kept visible at each end, enough to tell two records apart when debugging.
    public static let visibleDigitsEachEnd = 3

    /// Replaces the middle of every maximal run of 9 to 13 digits with `*`, keeping the
    /// first and last 3: `"001090012345"` becomes `"001******345"`, the phone number
    /// `"0912345678"` becomes `"091****678"`.
    ///
    /// Any Unicode decimal digit counts (fullwidth `０１２` too), so a number typed on an
    /// unusual keyboard is masked as well. Numbers written with spaces or dots between
    /// groups (`091 234 5678`) are separate runs and are not recognised.
    public static func maskIdentityNumbers(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var changed = false
        while index < scalars.count {
            guard isDigit(scalars[index]) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            let runEnd = scalars[index...].firstIndex { !isDigit($0) } ?? scalars.count
            let run = scalars[index..<runEnd]
            if (minMaskedDigits...maxMaskedDigits).contains(run.count) {
                output.append(contentsOf: masked(run))
                changed = true
            } else {
                output.append(contentsOf: run)
            }
            index = runEnd
        }
        return changed ? String(output) : text
    }

    private static func masked(_ run: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        let hiddenCount = run.count - 2 * visibleDigitsEachEnd
        return Array(run.prefix(visibleDigitsEachEnd))
            + Array(repeating: "*", count: hiddenCount)
            + Array(run.suffix(visibleDigitsEachEnd))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }

    /// A person's name as initials: the first letter of each word, without its tone or vowel
    /// marks, in capitals, each followed by a dot. "Nguyễn Văn An" → "N. V. A.", "Đặng Thị
    /// Mai" → "Đ. T. M." (đ is a letter of its own, not a marked d), "Hoa" → "H.", "" → "".
    ///
    /// Words are split at whitespace; a word without a letter (a number) adds nothing, so
    /// no digit of an identity number typed into a name field survives.
    public static func initials(ofName name: String) -> String {
        var initials: [String] = []
        var inWord = false
        var wordHasInitial = false
        for character in name {
            if character.isWhitespace {
                inWord = false
                continue
            }
            if !inWord {
                inWord = true
                wordHasInitial = false
            }
            guard !wordHasInitial, character.isLetter else { continue }
            wordHasInitial = true
            guard initials.count < maxInitials else { return initials.joined(separator: " ") + " …" }
            initials.append(initial(of: character))
        }
        return initials.joined(separator: " ")
    }

    /// "ễ" → "E.": the first scalar of the canonical decomposition is the base letter.
    private static func initial(of letter: Character) -> String {
        let base = String(letter).decomposedStringWithCanonicalMapping.unicodeScalars.first.map(String.init) ?? String(letter)
        return base.uppercased() + "."
    }
}
