import CaseSupport

/// Reads typed fields out of a JSON object, naming the exact path of any
/// field that is missing or of the wrong type ("applicant.birthDate: expected
/// a string like 1990-05-01, got a number").
///
/// Strings are NFC-normalised as they are read: this is an entry point.
///
/// The object is a parsed tree, or plain canonical bytes indexed without one
/// (`PlainCanonicalJSON`, for a replicated filing's payload): every accessor reads
/// through `JSONMember`, so both give the same values and the same issues.
public struct JSONObjectReader {
    private let object: Object
    public let path: String

    private enum Object {
        case tree([String: JSONValue])
        case plain(PlainCanonicalJSON.Element)
    }

    public init(_ value: JSONValue, path: String = "") throws(ValidationIssue) {
        try self.init(JSONMember.value(value), path: path)
    }

    public init(_ member: JSONMember, path: String = "") throws(ValidationIssue) {
        switch member {
        case .value(.object(let fields)): object = .tree(fields)
        case .plain(let element) where element.isObject: object = .plain(element)
        default: throw ValidationIssue(field: path.isEmpty ? "body" : path, message: "expected a JSON object, got \(member.typeName)")
        }
        self.path = path
    }

    /// The members as a tree (built from the bytes when read from them: not for hot paths).
    public var fields: [String: JSONValue] {
        switch object {
        case .tree(let fields): fields
        case .plain(let element): element.value.objectValue ?? [:]
        }
    }

    /// The member `key` as the document holds it, null included; nil when absent.
    public func member(_ key: String) -> JSONMember? {
        switch object {
        case .tree(let fields): fields[key].map(JSONMember.value)
        case .plain(let element): element.member(key).map(JSONMember.plain)
        }
    }

    public func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Refuses fields this request does not know: a misspelt key must not silently drop data.
    public func rejectUnknownKeys(allowed: Set<String>) throws(ValidationIssue) {
        let unknown: [String]
        switch object {
        case .tree(let fields): unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        case .plain(let element): unknown = element.keys(outside: allowed).sorted()
        }
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
        guard let text = value.stringValue else { throw typeIssue(key, expected: "a string", got: value) }
        return text
    }

    public func int64(_ key: String) throws(ValidationIssue) -> Int64? {
        guard let value = present(key) else { return nil }
        guard let number = value.int64Value else { throw typeIssue(key, expected: "an integer", got: value) }
        return number
    }

    /// An integer that may also be spelt with a zero fraction or an exponent (`5.0`, `5e0`), as
    /// spreadsheet exports write numbers; `5.5` is refused. For the data files, which accepted
    /// such spellings before; request bodies keep to `int64`.
    public func wholeNumber(_ key: String) throws(ValidationIssue) -> Int64? {
        guard let value = present(key) else { return nil }
        if let number = value.int64Value { return number }
        guard let number = value.doubleValue else { throw typeIssue(key, expected: "a whole number", got: value) }
        guard let whole = Int64(exactly: number) else {
            throw ValidationIssue(field: fieldPath(key), message: "expected a whole number, got \(number)")
        }
        return whole
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
        guard let flag = value.boolValue else { throw typeIssue(key, expected: "true or false", got: value) }
        return flag
    }

    public func object(_ key: String) throws(ValidationIssue) -> JSONObjectReader? {
        guard let value = present(key) else { return nil }
        return try JSONObjectReader(value, path: fieldPath(key))
    }

    /// An array of at most `maxCount` elements (checked before anything is built from it).
    public func array(_ key: String, maxCount: Int) throws(ValidationIssue) -> [JSONValue]? {
        try members(key, maxCount: maxCount)?.map(\.value)
    }

    /// `array`, its elements as they are held (nothing built from bytes that are not read).
    public func members(_ key: String, maxCount: Int) throws(ValidationIssue) -> [JSONMember]? {
        guard let value = present(key) else { return nil }
        guard let elements = value.elements else { throw typeIssue(key, expected: "an array", got: value) }
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
        guard let elements = try members(key, maxCount: maxCount) else { return nil }
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

    private func present(_ key: String) -> JSONMember? {
        guard let value = member(key), !value.isNull else { return nil }
        return value
    }

    private func typeIssue(_ key: String, expected: String, got value: JSONMember) -> ValidationIssue {
        ValidationIssue(field: fieldPath(key), message: "expected \(expected), got \(value.typeName)")
    }
}

/// One value of a JSON document, from a parsed tree or from indexed plain canonical bytes,
/// read the same way from both (`PlainCanonicalJSON.Element` answers as `JSONValue` does).
public enum JSONMember {
    case value(JSONValue)
    case plain(PlainCanonicalJSON.Element)

    public var typeName: String {
        switch self {
        case .value(let value): value.typeName
        case .plain(let element): element.typeName
        }
    }

    public var isNull: Bool {
        switch self {
        case .value(let value): value.isNull
        case .plain(let element): element.isNull
        }
    }

    public var stringValue: String? {
        switch self {
        case .value(let value): value.stringValue
        case .plain(let element): element.stringValue
        }
    }

    public var int64Value: Int64? {
        switch self {
        case .value(let value): value.int64Value
        case .plain(let element): element.int64Value
        }
    }

    /// The number as a `Double`, integers too, as `JSONValue.doubleValue` (plain JSON holds only integers).
    public var doubleValue: Double? {
        switch self {
        case .value(let value): value.doubleValue
        case .plain(let element): element.int64Value.map(Double.init)
        }
    }

    public var boolValue: Bool? {
        switch self {
        case .value(let value): value.boolValue
        case .plain(let element): element.boolValue
        }
    }

    public var elements: [JSONMember]? {
        switch self {
        case .value(let value): value.arrayValue?.map(JSONMember.value)
        case .plain(let element): element.elements?.map(JSONMember.plain)
        }
    }

    /// The value as a tree (built, when read from bytes).
    public var value: JSONValue {
        switch self {
        case .value(let value): value
        case .plain(let element): element.value
        }
    }
}
