/// Writes values the way logfmt readers expect: bare when that is unambiguous,
/// otherwise in double quotes with backslash escapes.
enum LogfmtEncoder {
    /// `value` bare, or quoted when it is empty or has anything that would end or confuse
    /// a bare value; `alwaysQuote` is for `msg`, which is quoted on every line for readability.
    static func encode(_ value: String, alwaysQuote: Bool = false) -> String {
        guard alwaysQuote || value.isEmpty || value.unicodeScalars.contains(where: needsQuotes) else {
            return value
        }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            quoted += escaped(scalar)
        }
        return quoted + "\""
    }

    private static func needsQuotes(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "=" || scalar == "\"" || scalar == "\\"
            || mustEscape(scalar) || scalar.properties.generalCategory == .spaceSeparator
    }

    /// Control characters would break the one-line-per-entry shape, and invisible format
    /// characters (such as right-to-left overrides) could make a line read differently
    /// from what it says, so both are shown as `\uXXXX`.
    private static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            guard mustEscape(scalar) else { return String(scalar) }
            let hex = String(scalar.value, radix: 16)
            let width = scalar.value > 0xFFFF ? 8 : 4
            return (width == 8 ? "\\U" : "\\u") + String(repeating: "0", count: width - hex.count) + hex
        }
    }
}
