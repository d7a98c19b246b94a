import Foundation
import CaseArguments

/// A plain-text table for terminals: a header row, a rule, then the rows, with
/// columns padded to line up in terminal cells (see ``TerminalWidth``).
///
/// ```
/// CODE     NAME             DAYS
/// -------  ---------------  ----
/// HS-0001  Nguyễn Văn Ánh      3
/// ```
///
/// Columns are separated by two spaces and no line ends in a space, so the output is
/// the same on every run and safe to compare with golden strings.
public struct TextTable: Sendable {
    /// Which side of its column a cell's text sits on.
    public enum Alignment: Sendable, Equatable {
        /// Text starts at the column's left edge; for words.
        case left
        /// Text ends at the column's right edge; for numbers, so their digits line up.
        case right
    }

    /// One column: its header, alignment and optional width limit.
    public struct Column: Sendable, Equatable {
        /// The header text shown above the column.
        public let header: String
        /// Where cell text sits in the column.
        public let alignment: Alignment
        /// The widest the column may be, in cells; longer text is cut and ends in "…".
        public let maxWidth: Int?

        /// Declares a column; `maxWidth` must be at least 1 when given.
        public init(_ header: String, alignment: Alignment = .left, maxWidth: Int? = nil) {
            precondition(maxWidth.map { $0 >= 1 } ?? true, "a column's maxWidth must be at least 1")
            self.header = TextTable.cleaned(header)
            self.alignment = alignment
            self.maxWidth = maxWidth
        }
    }

    /// No terminal is wider than this, so a cell is cut to it even in a column without
    /// `maxWidth`: a hostile or broken value cannot make lines (or memory) grow without bound.
    public static let hardMaxCellWidth = 500
    /// More rows than fit on many screens; a listing longer than this should be paged by
    /// the caller. Rows past the limit are counted, not kept, and reported in one last line.
    public static let defaultMaxRowCount = 10_000
    /// Tables wider than this are a programmer error: nobody can read them on a terminal.
    public static let maxColumnCount = 32

    /// The table's columns, in display order.
    public let columns: [Column]
    /// The rows kept so far, each cell already cleaned and cut to ``hardMaxCellWidth``.
    public private(set) var rows: [[String]] = []
    /// Rows added past the row limit: counted, not kept.
    public private(set) var omittedRowCount = 0
    private let maxRowCount: Int

    /// Creates an empty table with the given columns.
    public init(columns: [Column], maxRowCount: Int = TextTable.defaultMaxRowCount) {
        precondition(!columns.isEmpty && columns.count <= Self.maxColumnCount,
                     "a table has 1 to \(Self.maxColumnCount) columns, not \(columns.count)")
        precondition(maxRowCount >= 0, "maxRowCount must not be negative")
        self.columns = columns
        self.maxRowCount = maxRowCount
    }

    /// Adds a row; it must have exactly one cell per column. Text is NFC-normalised and
    /// control characters (newlines, tabs, escapes) become spaces so a row stays one line.
    public mutating func addRow(_ cells: [String]) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells; the table has \(columns.count) columns")
        guard rows.count < maxRowCount else {
            omittedRowCount += 1
            return
        }
        rows.append(cells.map { cell in
            // Cut generously before cleaning so a huge cell costs no more than a long one.
            let bounded = String(cell.prefix(Self.hardMaxCellWidth * 2))
            return TerminalWidth.truncate(Self.cleaned(bounded), toCells: Self.hardMaxCellWidth)
        })
    }

    /// The table as lines ending in "\n": header, rule, rows, and a note of omitted rows if any.
    public func render() -> String {
        let widths = columnWidths()
        var lines = [renderLine(columns.map(\.header), widths: widths)]
        lines.append(renderLine(widths.map { String(repeating: "-", count: $0) }, widths: widths))
        lines += rows.map { renderLine($0, widths: widths) }
        if omittedRowCount > 0 {
            lines.append("… and \(omittedRowCount) more \(omittedRowCount == 1 ? "row" : "rows")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func columnWidths() -> [Int] {
        columns.indices.map { index in
            let natural = ([columns[index].header] + rows.map { $0[index] })
                .map(TerminalWidth.cells(of:)).max() ?? 0
            return min(natural, columns[index].maxWidth ?? Int.max)
        }
    }

    private func renderLine(_ cells: [String], widths: [Int]) -> String {
        let padded = cells.indices.map { index in
            pad(cells[index], toCells: widths[index], alignment: columns[index].alignment)
        }
        let line = padded.joined(separator: "  ")
        return String(line.reversed().drop { $0 == " " }.reversed())
    }

    private func pad(_ text: String, toCells width: Int, alignment: Alignment) -> String {
        let fitted = width == 0 ? "" : TerminalWidth.truncate(text, toCells: width)
        let padding = String(repeating: " ", count: max(0, width - TerminalWidth.cells(of: fitted)))
        return alignment == .left ? fitted + padding : padding + fitted
    }

    /// NFC, and one line: every character containing a control character becomes a space.
    static func cleaned(_ text: String) -> String {
        let normalized = text.precomposedStringWithCanonicalMapping
        guard normalized.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return normalized
        }
        return String(normalized.map { character -> Character in
            character.unicodeScalars.contains { $0.properties.generalCategory == .control } ? " " : character
        })
    }
}
