/// The business rules a filing must meet when it is received (not when its
/// event is replayed: rules may tighten, old events must still fold).
///
/// Returns the filing in canonical form (phone numbers normalised); throws
/// the first rule broken, naming the field and what is allowed.
public struct FilingValidator: Sendable {
    public let catalogue: ProcedureCatalogue

    /// Text bounds: generous for real names and addresses, small enough to bound every event.
    public static let maxNameLength = 200
    public static let maxAddressLength = 500
    public static let maxNoteLength = 2_000
    public static let maxDocumentNameLength = 300
    public static let maxShortFieldLength = 100

    public init(catalogue: ProcedureCatalogue) {
        self.catalogue = catalogue
    }

    public func validate(_ request: FilingRequest) throws(ValidationIssue) -> (FilingRequest, Procedure) {
        var filing = request
        try ProcedureCode.validate(filing.procedureCode, field: "procedureCode")
        guard let procedure = catalogue.procedure(code: filing.procedureCode) else {
            throw ValidationIssue(
                field: "procedureCode",
                message: "\(filing.procedureCode) is not in this centre's procedure catalogue; see GET /v1/procedures")
        }
        filing.applicant = try validate(applicant: filing.applicant)
        if let competent = filing.competentCentre { try NodeName.validate(competent, field: "competentCentre") }
        for (index, document) in filing.documents.enumerated() {
            try validate(document: document, field: "documents[\(index)]")
        }
        try Self.checkLength(filing.note, max: Self.maxNoteLength, field: "note")
        try Self.checkLength(filing.actor, max: Self.maxShortFieldLength, field: "actor")
        return (filing, procedure)
    }

    private func validate(applicant original: Applicant) throws(ValidationIssue) -> Applicant {
        var applicant = original
        try Self.checkPersonName(applicant.fullName, field: "applicant.fullName")
        switch applicant.kind {
        case .citizen:
            try IdentityNumber.validateCitizenID(applicant.idNumber, birthDate: applicant.birthDate, field: "applicant.idNumber")
        case .organisation:
            try IdentityNumber.validateTaxCode(applicant.idNumber, field: "applicant.idNumber")
        }
        if let phone = applicant.phone {
            applicant.phone = try PhoneNumber.normalize(phone, field: "applicant.phone")
        }
        try Self.checkLength(applicant.email, max: Self.maxShortFieldLength, field: "applicant.email")
        if let email = applicant.email, !Self.looksLikeEmail(email) {
            throw ValidationIssue(field: "applicant.email", message: "\"\(email)\" is not an e-mail address")
        }
        if let address = applicant.address {
            try Self.checkLength(address.detail, max: Self.maxAddressLength, field: "applicant.address.detail")
            try Self.checkCode(address.provinceCode, digits: 2...2, field: "applicant.address.provinceCode")
            try Self.checkCode(address.communeCode, digits: 5...5, field: "applicant.address.communeCode")
        }
        if let representative = applicant.representative {
            try Self.checkPersonName(representative.fullName, field: "applicant.representative.fullName")
            try IdentityNumber.validateCitizenID(representative.idNumber, birthDate: nil, field: "applicant.representative.idNumber")
            try Self.checkLength(representative.relation, max: Self.maxShortFieldLength, field: "applicant.representative.relation")
        }
        return applicant
    }

    private func validate(document: DocumentItem, field: String) throws(ValidationIssue) {
        try Self.checkLength(document.name, max: Self.maxDocumentNameLength, field: "\(field).name")
        if document.originals + document.copies == 0, document.sha256 == nil {
            throw ValidationIssue(field: field, message: "a component needs at least one original, one copy, or a file hash")
        }
        if let hash = document.sha256 {
            let isHex = hash.utf8.count == 64 && hash.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
            if !isHex { throw ValidationIssue(field: "\(field).sha256", message: "expected 64 hexadecimal characters (SHA-256)") }
            if (document.sizeBytes ?? -1) < 0 {
                throw ValidationIssue(field: "\(field).sizeBytes", message: "is required with sha256 and must not be negative")
            }
        }
    }

    static func checkPersonName(_ name: String, field: String) throws(ValidationIssue) {
        try checkLength(name, max: maxNameLength, field: field)
        guard name.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            throw ValidationIssue(field: field, message: "a name must contain letters")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationIssue(field: field, message: "a name must not contain control characters")
        }
    }

    /// Counted in Unicode scalars, not visible characters: one "character" can carry
    /// any number of combining marks, and every byte must fit the peer protocol's bounds.
    public static func checkLength(_ text: String?, max: Int, field: String) throws(ValidationIssue) {
        guard let text else { return }
        let length = text.unicodeScalars.count
        guard length > max else { return }
        throw ValidationIssue(field: field, message: "is \(length) characters long; at most \(max) are allowed")
    }

    /// Administrative unit codes are all digits (province 2, commune 5).
    static func checkCode(_ code: String?, digits: ClosedRange<Int>, field: String) throws(ValidationIssue) {
        guard let code else { return }
        guard digits.contains(code.count), code.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw ValidationIssue(field: field, message: "expected \(digits.lowerBound) digits, got \"\(code)\"")
        }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }
}
