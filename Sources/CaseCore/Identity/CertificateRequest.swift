/// The fields of a certificate before the root signs them (`Certificate.issue`).
public struct CertificateRequest: Equatable, Sendable {
    public var role: Certificate.Role
    public var clusterID: String
    public var subject: String
    public var publicKey: SigningPublicKey
    public var validFromMs: Int64
    public var validUntilMs: Int64
    public var apiAddress: String
    /// The province the root places the node in (docs/design/provinces.md); `00` for none.
    public var province: ProvinceCode

    public init(role: Certificate.Role, clusterID: String, subject: String, publicKey: SigningPublicKey,
                validFromMs: Int64, validUntilMs: Int64, apiAddress: String = "", province: ProvinceCode = .unnamed) {
        self.role = role
        self.clusterID = clusterID
        self.subject = subject
        self.publicKey = publicKey
        self.validFromMs = validFromMs
        self.validUntilMs = validUntilMs
        self.apiAddress = apiAddress
        self.province = province
    }

    /// Throws naming the first field that is wrong: a node's subject must be a node id
    /// (it is the `origin` of that node's events and its id in membership); an admin's
    /// is a name of the same form; the cluster id is printable ASCII as casenode
    /// requires; the validity must be a non-empty interval; the API address, when
    /// given, an http(s) URL without spaces; only a node is placed in a province.
    public func validate() throws(ValidationIssue) {
        guard province == .unnamed || role == .node else {
            throw ValidationIssue(field: "province", message: "only a node certificate names a province")
        }
        try NodeName.validate(subject, field: "subject")
        guard !clusterID.isEmpty, clusterID.utf8.count <= NodeName.maxLength,
              clusterID.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw ValidationIssue(field: "cluster_id", message: "a cluster id is 1 to \(NodeName.maxLength) printable ASCII characters")
        }
        guard validFromMs < validUntilMs else {
            throw ValidationIssue(field: "validity", message: "a certificate must be valid for some time: valid-from \(validFromMs) is not before valid-until \(validUntilMs)")
        }
        guard apiAddress.utf8.count <= Certificate.maxAPIAddressBytes else {
            throw ValidationIssue(field: "api_address", message: "an API address is at most \(Certificate.maxAPIAddressBytes) bytes")
        }
        guard apiAddress.isEmpty || ((apiAddress.hasPrefix("https://") || apiAddress.hasPrefix("http://"))
            && apiAddress.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }))
        else {
            throw ValidationIssue(field: "api_address", message: "an API address is an http:// or https:// URL of printable ASCII, got \(String(reflecting: apiAddress))")
        }
    }
}
