import CaseSupport
import Foundation

/// One SQLite value: what a column holds or a parameter binds.
///
/// Text bound through this type is stored NFC-normalised (see `Statement.bind`), so Vietnamese
/// text typed with different keyboards compares and indexes equal inside SQLite.
public enum SQLiteValue: Equatable, Sendable {
    /// SQL NULL.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A 64-bit IEEE floating-point number.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// UTF-8 text proven in NFC already (`CanonicalUTF8`), bound from its bytes as they are.
    /// Only ever a parameter: what SQLite hands back is `.text`.
    case canonicalText(CanonicalUTF8)
    /// Bytes; `[]` is the empty blob, which is not NULL.
    case blob([UInt8])

    /// The integer, or nil when the value is not an integer.
    public var int64Value: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The floating-point value, or nil when the value is not a real.
    public var doubleValue: Double? {
        if case .real(let value) = self { return value }
        return nil
    }

    /// The text, or nil when the value is not text.
    public var stringValue: String? {
        switch self {
        case .text(let value): return value
        case .canonicalText(let value): return value.string
        default: return nil
        }
    }

    /// The bytes, or nil when the value is not a blob.
    public var blobValue: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }

    /// True for SQL NULL.
    public var isNull: Bool { self == .null }

    /// Equality that also tells text apart by its Unicode scalars.
    ///
    /// Swift's `String ==` treats canonically equivalent text (NFC and NFD) as equal; SQLite
    /// compares bytes. The synthesized `==` would hide exactly the difference storage cares about.
    public static func == (lhs: SQLiteValue, rhs: SQLiteValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.integer(let a), .integer(let b)): return a == b
        case (.real(let a), .real(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.text(let a), .text(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.canonicalText(let a), .canonicalText(let b)): return a == b
        // Scalars equal exactly when their UTF-8 bytes are.
        case (.text(let a), .canonicalText(let b)), (.canonicalText(let b), .text(let a)): return a.utf8.elementsEqual(b.bytes)
        case (.blob(let a), .blob(let b)): return a == b
        default: return false
        }
    }
}

extension SQLiteValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLiteValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return "'\(value)'"
        case .canonicalText(let value): return "'\(value.string)'"
        case .blob(let value): return "blob(\(value.count) bytes)"
        }
    }
}
