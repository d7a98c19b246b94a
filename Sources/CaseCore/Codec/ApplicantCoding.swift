import CaseSupport

/// Applicant ↔ JSON. Decoding checks shape and types only; the business rules
/// (identity number structure, phone numbers) are `FilingValidator`'s, so that
/// events written under older rules always replay.
extension Applicant {
    static let jsonKeys: Set<String> = [
        "kind", "fullName", "idNumber", "birthDate", "phone", "email", "address", "representative",
    ]

    public init(json: JSONValue, path: String) throws(ValidationIssue) {
        try self.init(reader: JSONObjectReader(json, path: path))
    }

    init(reader: JSONObjectReader) throws(ValidationIssue) {
        try reader.rejectUnknownKeys(allowed: Self.jsonKeys)
        self.init(
            kind: try reader.enumeration("kind", as: Kind.self) ?? .citizen,
            fullName: try reader.requiredString("fullName"),
            idNumber: try reader.requiredString("idNumber"),
            birthDate: try reader.date("birthDate"),
            phone: try reader.string("phone"),
            email: try reader.string("email"),
            address: try reader.object("address").map { reader throws(ValidationIssue) in try Address(reader: reader) },
            representative: try reader.object("representative").map { reader throws(ValidationIssue) in
                try Representative(reader: reader)
            }
        )
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind.rawValue),
            "fullName": .string(fullName),
            "idNumber": .string(idNumber),
        ]
        object["birthDate"] = birthDate.map { .string($0.iso) }
        object["phone"] = phone.map { .string($0) }
        object["email"] = email.map { .string($0) }
        object["address"] = address?.json
        object["representative"] = representative?.json
        return .object(object)
    }
}

extension Address {
    static let jsonKeys: Set<String> = ["provinceCode", "communeCode", "detail"]

    init(reader: JSONObjectReader) throws(ValidationIssue) {
        try reader.rejectUnknownKeys(allowed: Self.jsonKeys)
        self.init(
            provinceCode: try reader.string("provinceCode"),
            communeCode: try reader.string("communeCode"),
            detail: try reader.string("detail"))
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        object["provinceCode"] = provinceCode.map { .string($0) }
        object["communeCode"] = communeCode.map { .string($0) }
        object["detail"] = detail.map { .string($0) }
        return .object(object)
    }
}

extension Representative {
    static let jsonKeys: Set<String> = ["fullName", "idNumber", "relation"]

    init(reader: JSONObjectReader) throws(ValidationIssue) {
        try reader.rejectUnknownKeys(allowed: Self.jsonKeys)
        self.init(
            fullName: try reader.requiredString("fullName"),
            idNumber: try reader.requiredString("idNumber"),
            relation: try reader.string("relation"))
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["fullName": .string(fullName), "idNumber": .string(idNumber)]
        object["relation"] = relation.map { .string($0) }
        return .object(object)
    }
}

extension DocumentItem {
    /// Paper counts above this are typing errors, not dossiers.
    static let maxPaperCount = 100
    /// Pages of one original: a thick land file has a few hundred; more is a typing error.
    static let maxPages = 5_000
    /// Built once: a set literal in `init` was rebuilt for every component read.
    static let jsonKeys: Set<String> = ["name", "originals", "copies", "sha256", "sizeBytes", "pages", "copiesRequested"]

    /// Reads a filing's component. `pages` and `copiesRequested` are read here but never
    /// written back by `json`: nodes of older versions refuse unknown keys in a stored
    /// component, so what they mean for fees travels as the filing's `feeLines`.
    public init(json: JSONValue, path: String) throws(ValidationIssue) {
        try self.init(reader: JSONObjectReader(json, path: path))
    }

    init(reader: JSONObjectReader) throws(ValidationIssue) {
        try reader.rejectUnknownKeys(allowed: Self.jsonKeys)
        self.init(
            name: try reader.requiredString("name"),
            originals: try reader.int("originals", in: 0...Self.maxPaperCount) ?? 1,
            copies: try reader.int("copies", in: 0...Self.maxPaperCount) ?? 0,
            sha256: try reader.string("sha256")?.lowercased(),
            sizeBytes: try reader.int64("sizeBytes"),
            pages: try reader.int("pages", in: 1...Self.maxPages),
            copiesRequested: try reader.int("copiesRequested", in: 1...Self.maxPaperCount))
    }

    /// The component as events and states carry it: without the fee counts (see `init(json:path:)`).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name), "originals": .int(Int64(originals)), "copies": .int(Int64(copies)),
        ]
        object["sha256"] = sha256.map { .string($0) }
        object["sizeBytes"] = sizeBytes.map { .int($0) }
        return .object(object)
    }
}
