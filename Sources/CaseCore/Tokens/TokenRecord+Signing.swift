import CaseCrypto
import CaseSupport

/// What the signatures of a token record cover (`TokenAuthority` checks them).
///
///     grant       "casestore token grant v1" ‖ clusterID ‖ id ‖ name ‖ role u8 ‖ centre
///                 ‖ createdAtMs i64 ‖ secretHash
///     revocation  "casestore token revocation v1" ‖ clusterID ‖ issuer key ‖ id ‖ revokedAtMs i64
///
/// Strings are length-prefixed (`WireWriter.string`). The cluster id is in both, so a
/// key certified in two clusters cannot carry a token from one to the other. A
/// revocation names the issuer and the id, not the grant's contents: it revokes the
/// token (`TokenKey`) whatever grant of it a node holds.
extension TokenRecord {
    static let grantLabel = Array("casestore token grant v1".utf8)
    static let revocationLabel = Array("casestore token revocation v1".utf8)
    static let idLabel = Array("casestore token id v1".utf8)

    /// The id of a token that `issuer` signs, with this secret hash: 16 hex digits of
    /// SHA-256("casestore token id v1" ‖ issuer key ‖ secret hash). Binding the id to the
    /// issuer means another key cannot make a record of the same id and the same hash,
    /// so nobody but the issuer can make a record that clashes with one of its tokens.
    public static func boundID(issuer: SigningPublicKey, secretHash: [UInt8]) -> String {
        Hex.encode(SHA256.hash(idLabel + issuer.bytes + secretHash).prefix(TokenLimits.idByteCount))
    }

    /// The bytes the issuer signs to grant this token in cluster `clusterID`.
    public func grantMessage(clusterID: String) -> [UInt8] {
        var writer = WireWriter(reservingCapacity: 256)
        writer.fixedBytes(Self.grantLabel)
        writer.string(clusterID)
        writeGrantFields(to: &writer)
        return writer.buffer
    }

    /// The bytes a revoker signs to revoke the token `id` of `issuer` at `revokedAtMs`.
    public static func revocationMessage(clusterID: String, issuer: SigningPublicKey, id: String, revokedAtMs: Int64) -> [UInt8] {
        var writer = WireWriter(reservingCapacity: 128)
        writer.fixedBytes(revocationLabel)
        writer.string(clusterID)
        writer.fixedBytes(issuer.bytes)
        writer.string(id)
        writer.i64(revokedAtMs)
        return writer.buffer
    }

    /// The grant's fields and its signature: what two records of one key must agree on,
    /// and the last tie-break of the order the per-issuer bound keeps.
    var grantBytes: [UInt8] {
        var writer = WireWriter(reservingCapacity: 256)
        writeGrantFields(to: &writer)
        if case .signed(let grant, _) = provenance { grant.encode(to: &writer) }
        return writer.buffer
    }

    private func writeGrantFields(to writer: inout WireWriter) {
        writer.string(id)
        writer.string(name)
        writer.u8(role.wireCode)
        writer.string(centre ?? "")
        writer.i64(createdAtMs)
        writer.fixedBytes(secretHash)
    }
}

/// A key that signs token records, with what proves it to the cluster: the root key
/// itself, or a node's or an admin's key with the root's certificate for it.
///
/// The node holds its node key as one (clerk tokens of its own centre); casectl reads
/// an admin's or the root's key file into one (admin and monitor tokens, revocations);
/// the simulator gives its nodes and its admin deterministic ones. What each may sign
/// is `TokenAuthority`'s rule, which the signer checks before signing as the receiver
/// does after.
public struct TokenIssuer: Sendable {
    public let key: SigningKey
    public let signer: TokenSignature.Signer
    public let clusterID: String

    /// The cluster root signing for itself.
    public init(root key: SigningKey, clusterID: String) {
        self.key = key
        signer = .root(key.publicKey)
        self.clusterID = clusterID
    }

    /// A certified key (a node's or an admin's); the certificate must be for this key.
    public init(key: SigningKey, certificate: Certificate) throws(ValidationIssue) {
        guard certificate.publicKey == key.publicKey else {
            throw ValidationIssue(
                field: "certificate",
                message: "the certificate is for key \(certificate.publicKey.fingerprint), not for the signing key \(key.publicKey.fingerprint)")
        }
        self.key = key
        signer = .certified(certificate)
        clusterID = certificate.clusterID
    }

    /// A new token's secret, its id bound to this key (`TokenRecord.boundID`).
    public func newSecret(using randomBytes: (Int) -> [UInt8]) -> TokenSecret {
        TokenSecret.generate(boundTo: key.publicKey, using: randomBytes)
    }

    /// The signed record granting `secret`'s token. The caller checks the fields
    /// (`TokenRecord.validate`) and the rule (`TokenAuthority.mayGrant`) first.
    public func grant(
        _ secret: TokenSecret, name: String, role: TokenRole, centre: String?, createdAtMs: Int64
    ) -> TokenRecord {
        var record = TokenRecord(id: secret.id, name: name, role: role, centre: centre, createdAtMs: createdAtMs, secretHash: secret.hash)
        let signature = key.sign(record.grantMessage(clusterID: clusterID))
        record.provenance = .signed(grant: TokenSignature(signer: signer, signature: signature), revocation: nil)
        return record
    }

    /// The signature revoking the token `id` of `issuer` at `revokedAtMs`.
    public func revocation(of id: String, issuedBy issuer: SigningPublicKey, atMs revokedAtMs: Int64) -> TokenSignature {
        let message = TokenRecord.revocationMessage(clusterID: clusterID, issuer: issuer, id: id, revokedAtMs: revokedAtMs)
        return TokenSignature(signer: signer, signature: key.sign(message))
    }
}

extension TokenRecord {
    /// This signed record revoked at `revokedAtMs` with `signature`; nil for a record
    /// that is not signed (those are revoked by setting `revokedAtMs`).
    public func revoked(atMs revokedAtMs: Int64, signature: TokenSignature) -> TokenRecord? {
        guard case .signed(let grant, _) = provenance else { return nil }
        var record = self
        record.revokedAtMs = revokedAtMs
        record.provenance = .signed(grant: grant, revocation: signature)
        return record
    }
}
