/// Measures text in terminal cells, the unit in which columns line up on screen.
///
/// One grapheme cluster (what a reader sees as one character) takes one cell, so
/// Vietnamese "ệ" is one cell whether it arrives as one scalar or as "e" plus two
/// combining marks. East Asian wide characters and emoji take two cells; a cluster
/// made only of combining marks or invisible format characters takes none.
public enum TerminalWidth {
    /// The number of cells `text` occupies on a terminal.
    public static func cells(of text: String) -> Int {
        text.reduce(0) { $0 + cells(of: $1) }
    }

    /// The number of cells one grapheme cluster occupies: 0, 1 or 2.
    public static func cells(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.allSatisfy(isZeroWidth) { return 0 }
        if scalars.contains(where: isWide) || scalars.contains("\u{FE0F}") { return 2 }
        return 1
    }

    /// Cuts `text` to at most `maxCells` cells, ending it with "…" when anything was cut.
    public static func truncate(_ text: String, toCells maxCells: Int) -> String {
        precondition(maxCells >= 1, "a column must be at least one cell wide to show '…'")
        guard cells(of: text) > maxCells else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let width = cells(of: character)
            guard used + width <= maxCells - 1 else { break }
            kept.append(character)
            used += width
        }
        return kept + "…"
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth blocks (UAX #11) and emoji shown as pictures.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmojiPresentation { return true }
        return wideRanges.contains { $0.contains(scalar.value) }
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x2E80...0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, CJK compatibility
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE30...0xFE4F,   // CJK compatibility forms
        0xFF00...0xFF60,   // Fullwidth forms
        0xFFE0...0xFFE6,   // Fullwidth signs
        0x20000...0x3FFFD, // CJK extensions B and later
    ]
}
