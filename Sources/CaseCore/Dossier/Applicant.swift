/// Who files the dossier: a citizen (identified by CCCD) or an organisation
/// (identified by its tax code), optionally through a representative.
public struct Applicant: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case citizen
        case organisation
    }

    public var kind: Kind
    public var fullName: String
    public var idNumber: String
    public var birthDate: CivilDate?
    public var phone: String?
    public var email: String?
    public var address: Address?
    public var representative: Representative?

    public init(
        kind: Kind = .citizen, fullName: String, idNumber: String, birthDate: CivilDate? = nil,
        phone: String? = nil, email: String? = nil, address: Address? = nil, representative: Representative? = nil
    ) {
        self.kind = kind
        self.fullName = fullName
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.phone = phone
        self.email = email
        self.address = address
        self.representative = representative
    }
}

/// A postal address with the province and commune codes of the two-level government (since 1 July 2025).
public struct Address: Hashable, Sendable {
    public var provinceCode: String?
    public var communeCode: String?
    public var detail: String?

    public init(provinceCode: String? = nil, communeCode: String? = nil, detail: String? = nil) {
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.detail = detail
    }
}

/// A person authorised to file on the applicant's behalf.
public struct Representative: Hashable, Sendable {
    public var fullName: String
    public var idNumber: String
    public var relation: String?

    public init(fullName: String, idNumber: String, relation: String? = nil) {
        self.fullName = fullName
        self.idNumber = idNumber
        self.relation = relation
    }
}
