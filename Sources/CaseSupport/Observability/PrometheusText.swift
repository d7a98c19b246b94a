/// Spelling rules of the Prometheus text exposition format 0.0.4.
enum PrometheusText {
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, the format's rule for metric names.
    static func isValidMetricName(_ name: String) -> Bool {
        isValidIdentifier(name, allowColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus itself).
    static func isValidLabelName(_ name: String) -> Bool {
        isValidIdentifier(name, allowColon: false) && !name.hasPrefix("__")
    }

    /// A label value inside double quotes: backslash, double quote and newline escaped.
    static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// HELP text: backslash and newline escaped (double quotes are fine there).
    static func escapeHelp(_ help: String) -> String {
        help.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    /// A sample value or bucket bound: integers without a fraction (`3`, not `3.0`),
    /// other values in the shortest form that reads back exactly, and `+Inf`, `-Inf`, `NaN`.
    static func formatNumber(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `{a="x",b="y"}`, or nothing when there are no labels.
    static func labelSet(_ pairs: [(name: String, value: String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    private static func isValidIdentifier(_ name: String, allowColon: Bool) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || (allowColon && scalar == ":")
        }
    }
}

private extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
