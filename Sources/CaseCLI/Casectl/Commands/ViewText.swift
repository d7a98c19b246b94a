import CaseSupport

/// Small text helpers shared by the cluster views (status, lag, dossier, log, watch).
enum ViewText {
    /// Shown where a value is missing or unknown.
    static let missing = "—"

    /// A JSON scalar as table text; missing, null and non-scalars show as "—".
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "yes" : "no"
        default: return missing
        }
    }

    /// A duration for people: "0s", "<1s", "42s", "3m 5s", "2h 10m", "4d 1h".
    static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0s" }
        guard seconds >= 1 else { return "<1s" }
        let whole = Int64(min(seconds, 1e15))
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3_600: return "\(whole / 60)m \(whole % 60)s"
        case ..<86_400: return "\(whole / 3_600)h \(whole % 3_600 / 60)m"
        default: return "\(whole / 86_400)d \(whole % 86_400 / 3_600)h"
        }
    }

    /// Seconds as JSON, to the millisecond (no NaN or infinity can reach the writer).
    static func secondsJSON(_ seconds: Double?) -> JSONValue {
        guard let seconds, seconds.isFinite else { return .null }
        return .double((seconds * 1_000).rounded() / 1_000)
    }

    /// "1 event", "3 events".
    static func count(_ number: Int64, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// A table's lines without the final newline (casectl's output adds one to every text).
    static func lines(of table: TextTable) -> String {
        let rendered = table.render()
        return rendered.hasSuffix("\n") ? String(rendered.dropLast()) : rendered
    }
}
