/// Why a certificate is not accepted, in words an operator can act on.
public enum CertificateError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case wrongCluster(subject: String, cluster: String, expected: String)
    case wrongRole(subject: String, role: Certificate.Role, expected: Certificate.Role)
    case badSignature(subject: String, root: SigningPublicKey)
    case notYetValid(subject: String, validFromMs: Int64)
    case expired(subject: String, validUntilMs: Int64)
    /// The certificate names another subject than the one presenting it.
    case subjectMismatch(subject: String, claimed: String)
    /// The root revoked this subject or this key (`CertificateRevocation`).
    case revoked(subject: String, atMs: Int64)

    public var description: String {
        switch self {
        case .unreadable(let reason):
            return "the certificate cannot be read: \(reason)"
        case .wrongCluster(let subject, let cluster, let expected):
            return "the certificate of \(subject) is for cluster \(String(reflecting: cluster)), not \(String(reflecting: expected))"
        case .wrongRole(let subject, let role, let expected):
            return "the certificate of \(subject) is an \(role) certificate where a \(expected) certificate is needed"
        case .badSignature(let subject, let root):
            return "the certificate of \(subject) is not signed by the cluster root \(root): certify the node with the root key this cluster's nodes are configured with (casectl certify)"
        case .notYetValid(let subject, let validFromMs):
            return "the certificate of \(subject) is not valid before \(Instant(millisecondsSinceEpoch: validFromMs)) (check both machines' clocks)"
        case .expired(let subject, let validUntilMs):
            return "the certificate of \(subject) expired at \(Instant(millisecondsSinceEpoch: validUntilMs)): issue a new one (casectl certify)"
        case .subjectMismatch(let subject, let claimed):
            return "a certificate of \(subject) was presented by a peer claiming to be \(claimed)"
        case .revoked(let subject, let atMs):
            return "\(subject) was revoked by the cluster root at \(Instant(millisecondsSinceEpoch: atMs))"
        }
    }
}
