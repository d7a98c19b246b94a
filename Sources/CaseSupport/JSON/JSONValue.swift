/// A JSON value, as the HTTP API, the CLI and replication digests exchange it.
///
/// Numbers keep the distinction the text made: an integer literal that fits in
/// `Int64` is `.int` (so identity numbers, sequence counters and millisecond
/// timestamps stay exact), anything else is `.double`. Because of that,
/// `.int(1) != .double(1.0)`.
///
/// Strings are kept exactly as received. Normalising Vietnamese text to NFC is
/// the job of the domain layer that reads the value, not of the codec.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member named `key` if this is an object that has it, otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` if this is an array that long, otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The integer, only if this is an integer. Strict on purpose: `2.0` or
    /// `1e3` are not accepted where an integer is expected, so a client that
    /// sends a float by mistake gets an error instead of silent truncation.
    public var int64Value: Int64? {
        guard case .int(let number) = self else { return nil }
        return number
    }

    /// The number as a `Double`, for integers and doubles alike. Integers
    /// beyond 2^53 lose precision in the conversion; use `int64Value` for them.
    public var doubleValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name, for error messages such as
    /// "field 'name' must be a string, got number".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
