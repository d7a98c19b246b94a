import CaseCore
import CaseSupport
import Foundation

/// The results files, `Tools/bench-results/*.json`: written with `JSONWriter` (pretty, keys
/// sorted) and read with `JSONParser` and `JSONObjectReader`, the project's one JSON codec.
/// Files that Foundation's `JSONEncoder` wrote before read the same: its `"key" : value`
/// spacing, `\/` escapes and `3` for a `Double` of 3.0 are all plain JSON.
public enum ResultsFile {
    /// The results of `results` as the bytes of a results file.
    /// - Throws: `BenchError` naming a figure that is NaN or infinite (JSON has no spelling for it).
    public static func encode(_ results: BenchResults) throws -> [UInt8] {
        let value = results.json
        if let path = firstNonFinite(in: value, at: "") {
            throw BenchError("results: \(path) is not a finite number, which JSON cannot hold")
        }
        return JSONWriter.serialize(value, pretty: true)
    }

    /// The results in the bytes of a results file.
    /// - Throws: the parser's error, or a `ValidationIssue` naming the field, e.g.
    ///   `filing.runs[0].latency.p50Ms: expected a number, got string`.
    public static func decode(_ bytes: [UInt8]) throws -> BenchResults {
        let document = try JSONParser().parse(bytes)
        guard case .object = document else {
            throw BenchError("results: expected a JSON object at the top level, got \(document.typeName)")
        }
        return try BenchResults(json: document, at: "")
    }

    /// The results file at `path`.
    public static func read(path: String) throws -> BenchResults {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try decode([UInt8](bytes))
        } catch {
            throw BenchError("\(path) is not a readable results file: \(error)")
        }
    }

    /// Writes `results` to each of `paths`.
    public static func write(_ results: BenchResults, to paths: [String]) throws {
        let bytes = Data(try encode(results))
        for path in paths {
            try bytes.write(to: URL(fileURLWithPath: path))
        }
    }

    /// The path of the first NaN or infinity in `value`, if any.
    private static func firstNonFinite(in value: JSONValue, at path: String) -> String? {
        switch value {
        case .double(let number):
            return number.isFinite ? nil : path
        case .array(let elements):
            return elements.indices.lazy.compactMap { firstNonFinite(in: elements[$0], at: "\(path)[\($0)]") }.first
        case .object(let members):
            return members.keys.sorted().lazy.compactMap { key in
                firstNonFinite(in: members[key]!, at: path.isEmpty ? key : "\(path).\(key)")
            }.first
        default:
            return nil
        }
    }
}

/// A value of a results file, written as JSON and read back.
protocol ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue)
    var json: JSONValue { get }
}

/// A result type, an object in the file. It reads its fields one by one (the compiler sees
/// that each stored property is set) and is written from its stored properties, as Codable's
/// synthesis wrote it before.
protocol ResultRecord: ResultJSON {
    init(fields: JSONObjectReader) throws(ValidationIssue)
}

extension ResultRecord {
    init(json: JSONValue, at path: String) throws(ValidationIssue) {
        try self.init(fields: JSONObjectReader(json, path: path))
    }

    /// An object of the stored properties, under their names; nil ones are left out, as
    /// `JSONEncoder` left them out. A new property is written without being listed anywhere.
    var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for case let (key?, value) in Mirror(reflecting: self).children {
            var present = value
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                guard let wrapped = mirror.children.first?.value else { continue }
                present = wrapped
            }
            guard let member = present as? any ResultJSON else {
                preconditionFailure("\(Self.self).\(key): a \(type(of: present)) has no results-file form; make it ResultJSON")
            }
            members[key] = member.json
        }
        return .object(members)
    }
}

extension JSONObjectReader {
    /// The value under `key`, which must be present.
    func need<Value: ResultJSON>(_ key: String) throws(ValidationIssue) -> Value {
        guard let value: Value = try optional(key) else { throw ValidationIssue(field: fieldPath(key), message: "is required") }
        return value
    }

    /// The value under `key`; absent or null → nil.
    func optional<Value: ResultJSON>(_ key: String) throws(ValidationIssue) -> Value? {
        guard let value = fields[key], value != .null else { return nil }
        return try Value(json: value, at: fieldPath(key))
    }
}

/// `value`, or an issue naming `path` and what `json` should have been.
private func expect<Value>(_ value: Value?, _ expected: String, in json: JSONValue, at path: String) throws(ValidationIssue) -> Value {
    guard let value else { throw ValidationIssue(field: path, message: "expected \(expected), got \(json.typeName)") }
    return value
}

extension Int: ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue) {
        self = try expect(json.int64Value.flatMap { Int(exactly: $0) }, "an integer", in: json, at: path)
    }

    var json: JSONValue { .int(Int64(self)) }
}

extension Int64: ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue) { self = try expect(json.int64Value, "an integer", in: json, at: path) }
    var json: JSONValue { .int(self) }
}

extension Double: ResultJSON {
    /// Integers too: JSONEncoder wrote 3.0 as `3`.
    init(json: JSONValue, at path: String) throws(ValidationIssue) { self = try expect(json.doubleValue, "a number", in: json, at: path) }
    var json: JSONValue { .double(self) }
}

extension Bool: ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue) { self = try expect(json.boolValue, "true or false", in: json, at: path) }
    var json: JSONValue { .bool(self) }
}

extension String: ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue) { self = try expect(json.stringValue, "a string", in: json, at: path) }
    var json: JSONValue { .string(self) }
}

extension Array: ResultJSON where Element: ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue) {
        let elements = try expect(json.arrayValue, "an array", in: json, at: path)
        self = []
        reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            append(try Element(json: element, at: "\(path)[\(index)]"))
        }
    }

    var json: JSONValue { .array(map(\.json)) }
}

extension Dictionary: ResultJSON where Key == String, Value: ResultJSON {
    init(json: JSONValue, at path: String) throws(ValidationIssue) {
        let members = try expect(json.objectValue, "an object", in: json, at: path)
        self = [:]
        for (key, member) in members {
            self[key] = try Value(json: member, at: "\(path).\(key)")
        }
    }

    var json: JSONValue { .object(mapValues(\.json)) }
}
