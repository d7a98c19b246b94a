/// The meaningful lines of a small key or certificate file: `#` starts a comment
/// (whole-line or after a value), blank lines are skipped, spaces and tabs around a
/// value are dropped, and "\r\n" line ends are fine (a file edited on Windows).
/// Each value comes with its 1-based line number so errors can name the line.
public enum KeyFileLines {
    public static func values(in text: String) -> [(line: Int, value: Substring)] {
        var values: [(line: Int, value: Substring)] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let value = content.trimmingSpacesAndTabs()
            if !value.isEmpty { values.append((index + 1, value)) }
        }
        return values
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpacesAndTabs() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
