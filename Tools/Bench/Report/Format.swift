import Foundation

/// Number formats of the report: readable, and the same every run.
public enum Format {
    /// 1234.5 → "1,235"; below 100 keeps one decimal ("12.3").
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if abs(value) < 100 { return String(format: "%.1f", value) }
        let rounded = Int(value.rounded())
        let digits = String(abs(rounded))
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(character)
        }
        return (rounded < 0 ? "-" : "") + grouped
    }

    /// A count: 3321 → "3,321", 10 → "10".
    public static func count(_ value: Int) -> String {
        value < 1_000 ? String(value) : number(Double(value))
    }

    public static func ms(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f ms", value) : String(format: "%.1f ms", value)
    }

    public static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return String(format: "%.2f×", value)
    }

    public static func percent(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }

    public static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
}
