import CaseCore
import CaseCrypto

/// A cluster root, node and admin keys with certificates, and signed token records, for
/// the tests of signed tokens. Fixed seeds, so every run signs the same bytes. Each
/// signature costs tens of milliseconds in a debug build: the samples are made once per
/// process (static lets), and tests that need many records of one issuer use
/// `unverifiedRecord`, whose signature bytes are not a signature (only
/// `TokenAuthority` checks signatures; the registry's merge never does).
public enum SignedTokenSamples {
    public static let clusterID = "test-cluster"
    public static let createdAtMs: Int64 = 1_796_000_000_000
    static let validFromMs: Int64 = 1_767_225_600_000
    static let validUntilMs: Int64 = 2_082_758_400_000

    public static let root = key(0xB0)
    public static let otherRoot = key(0xB1)
    public static let trust = TokenTrust(root: root.publicKey, clusterID: clusterID, acceptsLegacyRecords: false)

    /// Node n1's and n2's keys, certified by the root.
    public static let n1 = issuer("n1", role: .node, key: key(0xC1))
    public static let n2 = issuer("n2", role: .node, key: key(0xC2))
    /// An admin key certified by the root.
    public static let admin = issuer("admin-tinh", role: .admin, key: key(0xAD))
    /// The root signing for itself.
    public static let rootIssuer = TokenIssuer(root: root, clusterID: clusterID)
    /// n1's key with a certificate from another root.
    public static let n1OfOtherRoot = issuer("n1", role: .node, key: key(0xC1), by: otherRoot)

    /// A clerk token of centre n1, signed by n1.
    public static let clerkOfN1 = grant(by: n1, role: .clerk, centre: "n1", name: "Lê Thị Hoa", secretByte: 1)
    /// A monitor token signed by the admin key.
    public static let monitorByAdmin = grant(by: admin, role: .monitor, centre: nil, name: "Giám sát Sở", secretByte: 2)
    /// An admin token signed by the root, revoked by the admin key.
    public static let revokedAdminByRoot: TokenRecord = {
        let record = grant(by: rootIssuer, role: .admin, centre: nil, name: "Quản trị viên", secretByte: 3)
        let revokedAtMs = createdAtMs + 60_000
        return record.revoked(atMs: revokedAtMs, signature: admin.revocation(of: record.id, issuedBy: root.publicKey, atMs: revokedAtMs))!
    }()

    /// A signed record of `issuer`, with a secret made of `secretByte`.
    public static func grant(
        by issuer: TokenIssuer, role: TokenRole, centre: String?, name: String, secretByte: UInt8, createdAtMs: Int64 = createdAtMs
    ) -> TokenRecord {
        issuer.grant(secret(secretByte, issuer: issuer), name: name, role: role, centre: centre, createdAtMs: createdAtMs)
    }

    /// The token secret `secretByte` makes for `issuer` (its id bound to the issuer's key).
    public static func secret(_ secretByte: UInt8, issuer: TokenIssuer) -> TokenSecret {
        issuer.newSecret(using: { Array(repeating: secretByte, count: $0) })
    }

    /// A record of `issuer` as the registry keys it, with 64 bytes that are not a
    /// signature: for tests of the merge and its bounds, which never check signatures.
    public static func unverifiedRecord(
        issuer: TokenIssuer, index: Int, createdAtMs: Int64 = createdAtMs, revokedAtMs: Int64? = nil
    ) -> TokenRecord {
        let hash = SHA256.hash(Array("secret \(index)".utf8))
        let signature = TokenSignature(signer: issuer.signer, signature: Array(repeating: UInt8(truncatingIfNeeded: index), count: 64))
        return TokenRecord(
            id: TokenRecord.boundID(issuer: issuer.key.publicKey, secretHash: hash), name: "Cán bộ \(index)", role: .monitor, centre: nil,
            createdAtMs: createdAtMs, revokedAtMs: revokedAtMs, secretHash: hash,
            provenance: .signed(grant: signature, revocation: revokedAtMs.map { _ in signature }))
    }

    /// A node certificate of `subject` placing it in `province`, signed by `signer` (the root
    /// unless told), its key and serial made from the subject. Costs a signature: make few.
    public static func nodeCertificate(_ subject: String, province: ProvinceCode, by signer: SigningKey = root) -> Certificate {
        let key = SigningKey(seed: SHA256.hash(Array("test node key \(subject)".utf8)))!
        let request = CertificateRequest(
            role: .node, clusterID: clusterID, subject: subject, publicKey: key.publicKey, validFromMs: validFromMs,
            validUntilMs: validUntilMs, province: province)
        let serial = Array(SHA256.hash(Array("test serial \(subject) \(province)".utf8)).prefix(Certificate.serialByteCount))
        return Certificate.issue(request, serial: serial, by: signer)
    }

    private static func key(_ byte: UInt8) -> SigningKey { SigningKey(seed: Array(repeating: byte, count: 32))! }

    private static func issuer(_ subject: String, role: Certificate.Role, key: SigningKey, by signer: SigningKey = root) -> TokenIssuer {
        let request = CertificateRequest(
            role: role, clusterID: clusterID, subject: subject, publicKey: key.publicKey, validFromMs: validFromMs, validUntilMs: validUntilMs)
        let certificate = Certificate.issue(request, serial: Array(repeating: 9, count: Certificate.serialByteCount), by: signer)
        return try! TokenIssuer(key: key, certificate: certificate)
    }
}
