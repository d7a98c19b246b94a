import CaseSupport

/// Reads typed fields out of a JSON object, naming the exact path of any
/// field that is missing or of the wrong type ("applicant.birthDate: expected
/// a string like 1990-05-01, got a number").
///
/// Strings are NFC-normalised as they are read: this is an entry point.
public struct JSONObjectReader {
    public let fields: [String: JSONValue]
    public let path: String

    public init(_ value: JSONValue, path: String = "") throws(ValidationIssue) {
        guard case .object(let fields) = value else {
            throw ValidationIssue(field: path.isEmpty ? "body" : path, message: "expected a JSON object, got \(value.typeName)")
        }
        self.fields = fields
        self.path = path
    }

    public func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Refuses fields this request does not know: a misspelt key must not silently drop data.
    public func rejectUnknownKeys(allowed: Set<String>) throws(ValidationIssue) {
        let unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        throw ValidationIssue(
            field: fieldPath(first),
            message: "unknown field; allowed here: \(allowed.sorted().joined(separator: ", "))")
    }

    /// What `read` finds under `key`, or "is required" when it finds nothing (absent or null).
    public func required<Value>(
        _ key: String, _ read: (String) throws(ValidationIssue) -> Value?
    ) throws(ValidationIssue) -> Value {
        guard let value = try read(key) else { throw ValidationIssue(field: fieldPath(key), message: "is required") }
        return value
    }

    /// Absent or null → nil. Text is normalised; an empty result counts as absent.
    public func string(_ key: String) throws(ValidationIssue) -> String? {
        guard let text = try verbatimString(key) else { return nil }
        let normalized = VietnameseText.normalized(text)
        return normalized.isEmpty ? nil : normalized
    }

    public func requiredString(_ key: String) throws(ValidationIssue) -> String {
        try required(key, string)
    }

    /// The string as the document spells it, empty or not; absent or null → nil. For readers
    /// whose own checks normalise the text and name an empty value themselves (the data files).
    public func verbatimString(_ key: String) throws(ValidationIssue) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value else { throw typeIssue(key, expected: "a string", got: value) }
        return text
    }

    public func int64(_ key: String) throws(ValidationIssue) -> Int64? {
        guard let value = present(key) else { return nil }
        guard case .int(let number) = value else { throw typeIssue(key, expected: "an integer", got: value) }
        return number
    }

    /// An integer that may also be spelt with a zero fraction or an exponent (`5.0`, `5e0`), as
    /// spreadsheet exports write numbers; `5.5` is refused. For the data files, which accepted
    /// such spellings before; request bodies keep to `int64`.
    public func wholeNumber(_ key: String) throws(ValidationIssue) -> Int64? {
        guard let value = present(key) else { return nil }
        switch value {
        case .int(let number):
            return number
        case .double(let number):
            guard let whole = Int64(exactly: number) else {
                throw ValidationIssue(field: fieldPath(key), message: "expected a whole number, got \(number)")
            }
            return whole
        default:
            throw typeIssue(key, expected: "a whole number", got: value)
        }
    }

    /// An integer within `range` (for counts such as a document's copies).
    public func int(_ key: String, in range: ClosedRange<Int>) throws(ValidationIssue) -> Int? {
        guard let number = try int64(key) else { return nil }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw ValidationIssue(field: fieldPath(key), message: "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return Int(number)
    }

    public func bool(_ key: String) throws(ValidationIssue) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let flag) = value else { throw typeIssue(key, expected: "true or false", got: value) }
        return flag
    }

    public func object(_ key: String) throws(ValidationIssue) -> JSONObjectReader? {
        guard let value = present(key) else { return nil }
        return try JSONObjectReader(value, path: fieldPath(key))
    }

    /// An array of at most `maxCount` elements (checked before anything is built from it).
    public func array(_ key: String, maxCount: Int) throws(ValidationIssue) -> [JSONValue]? {
        guard let value = present(key) else { return nil }
        guard case .array(let elements) = value else { throw typeIssue(key, expected: "an array", got: value) }
        guard elements.count <= maxCount else {
            throw ValidationIssue(field: fieldPath(key), message: "has \(elements.count) elements; at most \(maxCount) are allowed")
        }
        return elements
    }

    /// The array `key`, each element read as an object by `read` (paths `key[0]`, `key[1]`, …);
    /// absent or null → nil.
    public func objects<Element>(
        _ key: String, maxCount: Int, _ read: (JSONObjectReader) throws(ValidationIssue) -> Element
    ) throws(ValidationIssue) -> [Element]? {
        guard let elements = try array(key, maxCount: maxCount) else { return nil }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            result.append(try read(JSONObjectReader(element, path: "\(fieldPath(key))[\(index)]")))
        }
        return result
    }

    public func date(_ key: String) throws(ValidationIssue) -> CivilDate? {
        guard let text = try string(key) else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw ValidationIssue(field: fieldPath(key), message: "expected a date like 1990-05-01, got \"\(text)\"")
        }
        return date
    }

    public func instant(_ key: String) throws(ValidationIssue) -> Instant? {
        guard let text = try string(key) else { return nil }
        guard let instant = VietnamTime.parseISO8601(text) else {
            throw ValidationIssue(
                field: fieldPath(key), message: "expected an ISO 8601 time like 2025-07-01T08:30:00+07:00, got \"\(text)\"")
        }
        return instant
    }

    /// A string that must be one of an enumeration's raw values.
    public func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, as type: E.Type) throws(ValidationIssue) -> E?
    where E.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationIssue(field: fieldPath(key), message: "\"\(text)\" is not allowed; expected one of: \(allowed)")
        }
        return value
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    private func typeIssue(_ key: String, expected: String, got value: JSONValue) -> ValidationIssue {
        ValidationIssue(field: fieldPath(key), message: "expected \(expected), got \(value.typeName)")
    }
}
