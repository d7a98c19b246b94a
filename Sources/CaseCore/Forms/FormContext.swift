/// What a form needs beyond the dossier: who prints it, where the citizen looks it up, and when.
public struct FormContext: Sendable {
    /// The lookup address the receipt's QR code points at is
    /// `<lookupBase>/tra-cuu?ma=<code>` (the node's `--public-url`).
    public var lookupBase: String
    /// When the form is printed: the date line under the national motto.
    public var printedAt: Instant
    /// Display names of centres by node id; a centre not listed is shown by its id.
    public var centreNames: [String: String]
    /// The lookup PIN in clear, printed on Mẫu 01 beside the QR code; known only when the
    /// PIN was just made (at filing, or re-issued), so a plain reprint has none.
    public var lookupPin: LookupPin?

    /// The longest lookup base: with a dossier code (up to 48 bytes) and `/tra-cuu?ma=`, the
    /// address stays well inside what the receipt's QR code holds (213 bytes).
    public static let maxLookupBaseLength = 120

    public init(
        lookupBase: String, printedAt: Instant, centreNames: [String: String] = [:], lookupPin: LookupPin? = nil
    ) throws(LookupBaseError) {
        try Self.validate(lookupBase: lookupBase)
        self.lookupBase = lookupBase
        self.printedAt = printedAt
        self.centreNames = centreNames
        self.lookupPin = lookupPin
    }

    /// An `http://` or `https://` address of at most `maxLookupBaseLength` bytes, printable
    /// ASCII without spaces, query or fragment: it is printed on paper and put in a QR code.
    public static func validate(lookupBase: String) throws(LookupBaseError) {
        let lower = lookupBase.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw LookupBaseError("must start with http:// or https://, got '\(lookupBase.prefix(40))'")
        }
        guard lookupBase.utf8.count <= maxLookupBaseLength else {
            throw LookupBaseError("must be at most \(maxLookupBaseLength) bytes, got \(lookupBase.utf8.count)")
        }
        guard lookupBase.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }) else {
            throw LookupBaseError("must be printable ASCII without spaces, '?' or '#', got '\(lookupBase.prefix(40))'")
        }
        guard lookupBase.utf8.count > (lower.hasPrefix("https://") ? 8 : 7) else {
            throw LookupBaseError("names no host: '\(lookupBase)'")
        }
    }

    public func centreName(_ id: String) -> String {
        centreNames[id] ?? id
    }

    /// The address a citizen opens to follow the dossier. Dossier codes are letters,
    /// digits, `.` and `-` (`DossierCode.isWellFormed`), safe in a query as they are.
    public func lookupAddress(code: String) -> String {
        var base = lookupBase
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/tra-cuu?ma=\(code)"
    }
}

/// Why a public lookup address (`--public-url`) was refused.
public struct LookupBaseError: Error, Equatable, CustomStringConvertible {
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { "the public lookup address \(message)" }
}
