import CaseCore
import CaseCrypto
import CaseReplication
import CaseSupport

/// The version-3 handshake's transcript: what each side signs with its node key and
/// what the session keys are derived from.
///
///     opener                                      acceptor
///     hello(cluster, node, 2…3, keyID, Eₒ)   →    (the v2 layout; the nonce is Eₒ,
///                                                  the opener's ephemeral X25519 key)
///                                            ←    helloAck(node, 3, Eₐ, certₐ, sigₐ)
///     checks certₐ and sigₐ
///     proof(certₒ, sigₒ)                     →
///                                                 checks certₒ and sigₒ
///
/// sigₐ = Sign(acceptor's node key, "acceptor" ‖ transcript without certₒ);
/// sigₒ = Sign(opener's node key, "opener" ‖ the whole transcript). The transcript
/// covers the cluster id, both node ids, the version, the cluster key's id, both
/// ephemeral keys and both certificates; each side's certificate must be the root's
/// and name the node id it claims.
///
/// Why this shape:
/// - **Possession**: each side signs values the other chose fresh (the other's
///   ephemeral key), so a recorded signature is worthless on the next connection, and
///   a certificate alone (it is public) proves nothing.
/// - **Forward secrecy**: the session keys come from X25519 of two ephemeral keys that
///   are never stored, so someone who recorded the traffic and later steals a node key
///   (or the cluster key) cannot recompute them.
/// - **The shared cluster key stays as a second layer**: it is mixed into the session
///   keys, so a node certificate and key stolen without the cluster key (or the other
///   way round) do not open a connection. It grants no authority of its own any more.
/// - **Upgrade**: the hello keeps version 2's layout (the ephemeral key sits where the
///   nonce was, and is as fresh and random), so a version-2 node still reads it and
///   answers at version 2 when the opener allows that.
public struct IdentityHandshakeTranscript: Equatable, Sendable {
    static let label = Array("casestore peer handshake v3".utf8)
    static let sessionKeyInfo = Array("casestore peer session key v3 ".utf8)

    public let version: UInt16
    public let clusterID: String
    public let openerNodeID: String
    public let acceptorNodeID: String
    public let keyID: ClusterKeyID
    public let openerEphemeral: [UInt8]
    public let acceptorEphemeral: [UInt8]
    public let acceptorCertificate: Certificate

    public init(version: UInt16, clusterID: String, openerNodeID: String, acceptorNodeID: String, keyID: ClusterKeyID,
                openerEphemeral: [UInt8], acceptorEphemeral: [UInt8], acceptorCertificate: Certificate) {
        precondition(openerEphemeral.count == X25519.byteCount && acceptorEphemeral.count == X25519.byteCount,
                     "ephemeral keys are \(X25519.byteCount) bytes")
        self.version = version
        self.clusterID = clusterID
        self.openerNodeID = openerNodeID
        self.acceptorNodeID = acceptorNodeID
        self.keyID = keyID
        self.openerEphemeral = openerEphemeral
        self.acceptorEphemeral = acceptorEphemeral
        self.acceptorCertificate = acceptorCertificate
    }

    /// What the acceptor signs: everything it knows when it answers.
    public var acceptorSignedBytes: [UInt8] {
        var writer = WireWriter()
        writer.string(HandshakeRole.acceptor.label)
        writer.fixedBytes(commonBytes)
        return writer.buffer
    }

    /// What the opener signs: the acceptor's part and its own certificate.
    public func openerSignedBytes(openerCertificate: Certificate) -> [UInt8] {
        var writer = WireWriter()
        writer.string(HandshakeRole.opener.label)
        writer.fixedBytes(fullBytes(openerCertificate: openerCertificate))
        return writer.buffer
    }

    /// One key per direction: HKDF-SHA256 over the X25519 secret and the cluster key,
    /// salted with both ephemeral keys, bound to the whole transcript and the
    /// direction. Nil when the X25519 result is all zero (the peer sent a low-order
    /// point, RFC 7748 §6.1): such a "shared" secret would be known to anyone.
    public func sessionKeys(sharedSecret: [UInt8], clusterKey: ClusterKey, openerCertificate: Certificate) -> PeerSessionKeys? {
        precondition(clusterKey.id == keyID, "session keys come from the key the transcript names")
        guard sharedSecret.contains(where: { $0 != 0 }) else { return nil }
        let transcript = fullBytes(openerCertificate: openerCertificate)
        func derive(_ direction: String) -> [UInt8] {
            HKDFSHA256.deriveKey(
                inputKeyMaterial: sharedSecret + clusterKey.bytes, salt: openerEphemeral + acceptorEphemeral,
                info: Self.sessionKeyInfo + Array(direction.utf8) + transcript, outputByteCount: ChaCha20Poly1305.keyByteCount)
        }
        return PeerSessionKeys(openerToAcceptor: derive("opener to acceptor "), acceptorToOpener: derive("acceptor to opener "))
    }

    private var commonBytes: [UInt8] {
        var writer = WireWriter()
        writer.fixedBytes(Self.label)
        writer.u16(version)
        writer.string(clusterID)
        writer.string(openerNodeID)
        writer.string(acceptorNodeID)
        writer.fixedBytes(keyID.bytes)
        writer.fixedBytes(openerEphemeral)
        writer.fixedBytes(acceptorEphemeral)
        writer.bytes(acceptorCertificate.encoded)
        return writer.buffer
    }

    private func fullBytes(openerCertificate: Certificate) -> [UInt8] {
        var writer = WireWriter()
        writer.fixedBytes(commonBytes)
        writer.bytes(openerCertificate.encoded)
        return writer.buffer
    }
}

/// The opener's version-3 proof frame: its certificate, then its signature.
public struct IdentityProof: Equatable, Sendable {
    public let certificate: Certificate
    public let signature: [UInt8]

    public init(certificate: Certificate, signature: [UInt8]) {
        precondition(signature.count == Ed25519.signatureByteCount, "an identity proof's signature is 64 bytes")
        self.certificate = certificate
        self.signature = signature
    }

    public var encoded: [UInt8] {
        var writer = WireWriter()
        writer.bytes(certificate.encoded)
        writer.fixedBytes(signature)
        return writer.buffer
    }

    public init(decoding payload: [UInt8]) throws(WireDecodingError) {
        var reader = WireReader(payload)
        let certificate = try Certificate(encoded: try reader.readBytes(maxBytes: Certificate.maxEncodedBytes))
        let signature = try reader.readFixedBytes(count: Ed25519.signatureByteCount)
        try reader.expectEnd()
        self.init(certificate: certificate, signature: signature)
    }
}
