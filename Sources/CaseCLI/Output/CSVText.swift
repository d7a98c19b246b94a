/// Comma-separated values as RFC 4180 writes them: records end in CRLF, and a field holding
/// a comma, a double quote, CR or LF is enclosed in double quotes, its quotes doubled.
/// Other fields are written as they are, so plain numbers stay numbers to spreadsheets.
public enum CSVText {
    /// One field, quoted only when it must be.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record, without its line break.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// A header and the records, each line ending in CRLF.
    public static func document(header: [String], records: [[String]]) -> String {
        ([header] + records).map { record($0) + "\r\n" }.joined()
    }
}
