import CaseCore
import CaseReplication
import CaseSupport
import CaseCrypto
/// Everything both sides of one peer handshake agreed on, in one byte
/// string: the proofs and the session keys are computed over it, so
/// changing any of it (another cluster, another node, an old nonce, another
/// version or key) changes both.
///
///     "casestore peer handshake v2"   label
///     version                         u16
///     clusterID, openerNodeID,
///     acceptorNodeID                  strings (varint length, UTF-8)
///     keyID                           8 bytes
///     openerNonce, acceptorNonce      32 bytes each
///
/// Every variable field is length-prefixed so no two transcripts share bytes.
///
/// Why this shape: each side contributes a fresh random nonce, so a proof
/// recorded on one connection is worthless on the next (replay); each proof
/// names its role, so the acceptor's proof cannot pass as the opener's
/// (reflection); both node ids and the cluster id are covered, so a proof is
/// bound to who is talking to whom.
public struct HandshakeTranscript: Equatable, Sendable {
    /// Bytes in each side's nonce. Why 32: two random 256-bit values never
    /// repeat, whatever the number of connections in a cluster's life.
    public static let nonceByteCount = Hello.nonceByteCount
    /// Bytes in a proof: one HMAC-SHA256.
    public static let proofByteCount = HelloAck.proofByteCount

    static let label = Array("casestore peer handshake v2".utf8)
    static let proofKeyInfo = Array("casestore peer handshake proof key v2".utf8)
    static let sessionKeyInfo = Array("casestore peer session key v2 ".utf8)

    public let version: UInt16
    public let clusterID: String
    public let openerNodeID: String
    public let acceptorNodeID: String
    public let keyID: ClusterKeyID
    public let openerNonce: [UInt8]
    public let acceptorNonce: [UInt8]

    /// A transcript. Traps on nonces of the wrong length: the codec reads
    /// exactly `nonceByteCount` bytes.
    public init(
        version: UInt16, clusterID: String, openerNodeID: String, acceptorNodeID: String,
        keyID: ClusterKeyID, openerNonce: [UInt8], acceptorNonce: [UInt8]
    ) {
        precondition(openerNonce.count == Self.nonceByteCount && acceptorNonce.count == Self.nonceByteCount,
                     "handshake nonces are \(Self.nonceByteCount) bytes")
        self.version = version
        self.clusterID = clusterID
        self.openerNodeID = openerNodeID
        self.acceptorNodeID = acceptorNodeID
        self.keyID = keyID
        self.openerNonce = openerNonce
        self.acceptorNonce = acceptorNonce
    }

    /// The transcript's bytes.
    public var bytes: [UInt8] {
        var writer = WireWriter()
        writer.fixedBytes(Self.label)
        writer.u16(version)
        writer.string(clusterID)
        writer.string(openerNodeID)
        writer.string(acceptorNodeID)
        writer.fixedBytes(keyID.bytes)
        writer.fixedBytes(openerNonce)
        writer.fixedBytes(acceptorNonce)
        return writer.buffer
    }

    /// The proof that `role` holds `key`: HMAC-SHA256, keyed with a key
    /// derived from the cluster key for this purpose only, over the role's
    /// label and the transcript.
    public func proof(of role: HandshakeRole, key: ClusterKey) -> [UInt8] {
        precondition(key.id == keyID, "a proof is made with the key the transcript names")
        var writer = WireWriter()
        writer.string(role.label)
        writer.fixedBytes(bytes)
        return HMACSHA256.authenticationCode(key: Self.proofKey(key), message: writer.buffer)
    }

    /// Whether `proof` is `role`'s proof over this transcript under `key`,
    /// compared in constant time.
    public func isValidProof(_ proof: [UInt8], of role: HandshakeRole, key: ClusterKey) -> Bool {
        ConstantTime.equals(self.proof(of: role, key: key), proof)
    }

    /// One key per direction: HKDF-SHA256 from the cluster key, salted with
    /// both nonces (so every connection's keys are new), with the direction
    /// and the transcript in `info` (so they are bound to this handshake).
    public func sessionKeys(key: ClusterKey) -> PeerSessionKeys {
        precondition(key.id == keyID, "session keys come from the key the transcript names")
        let salt = openerNonce + acceptorNonce
        func derive(_ direction: String) -> [UInt8] {
            HKDFSHA256.deriveKey(
                inputKeyMaterial: key.bytes, salt: salt, info: Self.sessionKeyInfo + Array(direction.utf8) + bytes,
                outputByteCount: ChaCha20Poly1305.keyByteCount)
        }
        return PeerSessionKeys(openerToAcceptor: derive("opener to acceptor "), acceptorToOpener: derive("acceptor to opener "))
    }

    private static func proofKey(_ key: ClusterKey) -> [UInt8] {
        HKDFSHA256.deriveKey(inputKeyMaterial: key.bytes, salt: [], info: proofKeyInfo, outputByteCount: SHA256.digestByteCount)
    }
}
