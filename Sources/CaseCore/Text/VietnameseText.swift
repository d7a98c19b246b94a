import CaseSupport
import Foundation

/// Vietnamese text at the entry points of the system: one canonical form for storage and
/// hashing, and a folded form for searching and sorting people.
///
/// Why more than NFC: Vietnamese letters carry up to two marks, a vowel-shape mark
/// (circumflex ^, breve ˘, horn ʼ) and a tone mark (grave, acute, tilde, hook above,
/// dot below). Keyboards that send decomposed text (Unikey "tổ hợp", macOS) may send the two
/// in either order. Unicode gives circumflex, breve and the tone marks above the same
/// combining class, so canonical ordering does not fix "a + acute + circumflex", and NFC then
/// leaves "á" + a loose circumflex instead of "ấ". We put shape marks before tone marks
/// first, which is the only order Vietnamese uses, and then apply NFC.
///
/// What it cannot fix: text with two tone marks on one vowel (seed 002 has "rã̀", "cã́c"),
/// which is wrong at the source; which tone was meant is unknowable, so both are kept
/// (nothing is ever silently dropped) and the result is still a single canonical form.
public enum VietnameseText {
    /// Vowel-shape marks that must come before a tone mark of the same combining class:
    /// U+0302 COMBINING CIRCUMFLEX ACCENT, U+0306 COMBINING BREVE.
    /// (The horn U+031B and dot below U+0323 have their own classes; NFC orders them.)
    static let shapeMarks: Set<Unicode.Scalar> = ["\u{0302}", "\u{0306}"]

    /// Invisible characters that copy-and-paste drags into names and that would make two
    /// identical-looking names differ: U+200B ZERO WIDTH SPACE and U+FEFF BYTE ORDER MARK.
    static let droppedInvisibles: Set<Unicode.Scalar> = ["\u{200B}", "\u{FEFF}"]

    /// The canonical stored form of a text field: Vietnamese marks in order, NFC, no
    /// zero-width spaces or BOMs, no leading/trailing whitespace, and every run of internal
    /// whitespace (spaces, tabs, newlines, no-break spaces…) replaced by one space.
    /// Idempotent: `normalized(normalized(s)) == normalized(s)`.
    public static func normalized(_ text: String) -> String {
        collapsingWhitespace(normalizedMarks(text))
    }

    /// Like `normalized` but keeps whitespace as it is: for multi-line notes whose line
    /// breaks matter.
    public static func normalizedMarks(_ text: String) -> String {
        // Nearly every text arrives canonical already; Foundation's decomposition and
        // composition cost microseconds per field on Linux (they were half of a node's
        // CPU per filing), so text that provably cannot change skips them.
        if CanonicalText.isCanonicalAsIs(text) { return text }
        return reorderedAndComposed(text)
    }

    /// The full path: decompose, put shape marks before tone marks, drop invisibles, compose.
    static func reorderedAndComposed(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping
        var reordered = String.UnicodeScalarView()
        var markRun: [Unicode.Scalar] = []
        for scalar in decomposed.unicodeScalars where !droppedInvisibles.contains(scalar) {
            if scalar.properties.canonicalCombiningClass == .above {
                markRun.append(scalar)
            } else {
                appendShapeMarksFirst(markRun, to: &reordered)
                markRun.removeAll(keepingCapacity: true)
                reordered.append(scalar)
            }
        }
        appendShapeMarksFirst(markRun, to: &reordered)
        return String(reordered).precomposedStringWithCanonicalMapping
    }

    /// The key a search compares: `normalized`, lower-cased, with every combining mark
    /// removed and `đ`/`Đ` mapped to `d` (Unicode does not decompose đ, so stripping marks
    /// alone leaves it). "Nguyễn Văn Ánh" → "nguyen van anh"; "Đặng" → "dang".
    public static func searchKey(_ text: String) -> String {
        let text = normalized(text)
        return foldedByTable(text) ?? foldedByDecomposing(text)
    }

    /// The general folding: lower-case, decompose, drop combining marks, đ → d.
    static func foldedByDecomposing(_ text: String) -> String {
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        var folded = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !isCombiningMark(scalar) {
            folded.append(scalar == "\u{0111}" ? "d" : scalar)
        }
        return String(folded)
    }

    /// The given name: the last word of the full name ("Nguyễn Văn Ánh" → "Ánh"),
    /// normalised; empty for an empty name.
    public static func givenName(_ fullName: String) -> String {
        let name = normalized(fullName)
        guard let lastSpace = name.lastIndex(of: " ") else { return name }
        return String(name[name.index(after: lastSpace)...])
    }

    /// The key people are sorted by: given name first, then the full name, both as search
    /// keys, separated by U+0001 (which sorts before every letter, so "An" < "Anh" holds
    /// whatever follows). Vietnamese lists people by given name, not family name.
    public static func sortKey(fullName: String) -> String {
        NameKeys(fullName: fullName).sort
    }

    private static func appendShapeMarksFirst(_ marks: [Unicode.Scalar], to output: inout String.UnicodeScalarView) {
        guard marks.count > 1 else {
            output.append(contentsOf: marks)
            return
        }
        output.append(contentsOf: marks.filter { shapeMarks.contains($0) })
        output.append(contentsOf: marks.filter { !shapeMarks.contains($0) })
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func collapsingWhitespace(_ text: String) -> String {
        // Replicated events refold every stored string: most are collapsed already,
        // and rebuilding them character by character was a third of a catching-up
        // node's CPU.
        if isCollapsedAsIs(text) { return text }
        return collapsingWhitespaceFully(text)
    }

    /// True when collapsing cannot change `text`: every scalar is in the ranges
    /// `CanonicalText.isCanonicalAsIs` trusts (so none is a combining mark that could cling to a
    /// space), the only whitespace is single ASCII spaces, and none leads or trails.
    static func isCollapsedAsIs(_ text: String) -> Bool {
        var previousWasSpace = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard value < 0x250 || (0x1E00...0x1EFF).contains(value) else { return false }
            if value == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if (0x09...0x0D).contains(value) || value == 0x85 || value == 0xA0 {
                return false
            } else {
                previousWasSpace = false
            }
        }
        return text.isEmpty || !previousWasSpace
    }

    static func collapsingWhitespaceFully(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }
}
