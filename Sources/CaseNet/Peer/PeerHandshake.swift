import CaseCore
import CaseCrypto
import CaseReplication
import CaseWire
import CaseSystem

/// The handshake's decisions, apart from any socket: what the accepting side
/// answers to a hello, whether the opening side trusts the answer, and
/// whether the acceptor trusts the opener's proof.
///
///     opener                                    acceptor
///     hello(cluster, node, versions, keyID, Nₒ)  →
///                                           ←   helloAck(node, v, Nₐ, proofₐ)   or   refuse(reason), close
///     checks proofₐ
///     proof(proofₒ)                         →
///                                               checks proofₒ, or refuse(reason), close
///     sealed frames                         →
///
/// Version 2 (no root key): proofᵣ = HMAC(key derived from the cluster key,
/// role r ‖ transcript), the transcript covering the cluster id, both node
/// ids, the version, the key id and both nonces (`HandshakeTranscript`);
/// session keys come from HKDF over the same.
///
/// Version 3 (a `PeerIdentity`): the nonces are ephemeral X25519 keys, the
/// acceptor's answer carries its certificate and its node key's signature, the
/// opener's proof its certificate and signature, and the session keys come
/// from the X25519 secret and the cluster key (`IdentityHandshakeTranscript`).
/// Nothing but these frames is read before the opener's proof is checked.
enum PeerHandshake {
    /// The acceptor's answer to a hello.
    enum Answer: Equatable {
        /// Send `ack`, then wait for the opener's proof and check it against `pending`.
        case accept(HelloAck, pending: PendingProof)
        /// Send `refuse(reason)` and close.
        case refuse(reason: String)
    }

    /// What the acceptor needs to check the opener's proof.
    enum PendingProof: Equatable {
        case sharedKey(HandshakeTranscript, key: ClusterKey)
        case identity(IdentityHandshakeTranscript, ephemeralSecret: [UInt8], key: ClusterKey)
    }

    /// A handshake both sides have proved: who the peer is, the version, the
    /// session keys, and (version 3) the peer's certificate.
    struct Session: Equatable {
        let peerNodeID: String
        let version: UInt16
        let keys: PeerSessionKeys
        var peerCertificate: Certificate? = nil
    }

    /// What the opener keeps between its hello and the answer.
    struct Opening {
        let hello: Hello
        /// The X25519 private key whose public key is the hello's nonce.
        let ephemeralSecret: [UInt8]
    }

    /// The versions a node speaks: with an identity, `PeerIdentity.supportedVersions`;
    /// without, the shared-key handshake alone.
    static func versions(for identity: PeerIdentity?) -> ClosedRange<UInt16> {
        identity?.supportedVersions ?? PeerProtocol.sharedKeyVersions
    }

    // MARK: - Acceptor

    /// Refuses another cluster, a hello with no version in common, one that
    /// names no cluster key or one this node does not hold, and a node
    /// `admission` names a reason to refuse (a retired member); otherwise
    /// accepts at the highest common version with this node's proof.
    /// (Node ids were validated when the hello was decoded.) `randomness` is 32
    /// fresh random bytes: the nonce itself in version 2, the ephemeral X25519
    /// secret in version 3.
    static func answer(
        _ hello: Hello, clusterID: String, nodeID: String, keyRing: ClusterKeyRing, identity: PeerIdentity? = nil,
        randomness: [UInt8] = SecureRandom.bytes(count: X25519.byteCount),
        admission: (_ nodeID: String) -> String? = { _ in nil }
    ) -> Answer {
        guard hello.clusterID == clusterID else {
            return .refuse(reason: "cluster id \(String(reflecting: hello.clusterID)) is not this cluster's \(String(reflecting: clusterID))")
        }
        let supported = versions(for: identity)
        let offered = hello.minVersion...hello.maxVersion
        guard let version = PeerProtocol.negotiatedVersion(local: supported, remote: offered) else {
            return .refuse(reason: "protocol versions \(describe(offered)) offered by \(hello.nodeID) do not overlap versions \(describe(supported)) spoken by \(nodeID)"
                           + versionAdvice(offered: offered, identity: identity))
        }
        guard let keyID = hello.keyID else {
            return .refuse(reason: "the hello from \(hello.nodeID) names no cluster key; \(sameKeyFileAdvice)")
        }
        guard let key = keyRing.key(for: keyID) else {
            return .refuse(reason: "cluster key \(keyID) used by \(hello.nodeID) is not in the key file of \(nodeID); \(sameKeyFileAdvice)")
        }
        if hello.nodeID == nodeID { return .refuse(reason: "the hello claims this node's own id \(nodeID)") }
        if let reason = admission(hello.nodeID) { return .refuse(reason: reason) }
        guard version >= PeerProtocol.identityVersion, let identity else {
            return sharedKeyAnswer(hello, version: version, clusterID: clusterID, nodeID: nodeID, key: key, nonce: randomness)
        }
        let ephemeralSecret = randomness
        let transcript = IdentityHandshakeTranscript(
            version: version, clusterID: clusterID, openerNodeID: hello.nodeID, acceptorNodeID: nodeID, keyID: keyID,
            openerEphemeral: hello.nonce, acceptorEphemeral: X25519.publicKey(privateKey: ephemeralSecret),
            acceptorCertificate: identity.certificate)
        let ack = HelloAck(nodeID: nodeID, version: version, nonce: transcript.acceptorEphemeral,
                           proof: identity.signingKey.sign(transcript.acceptorSignedBytes), certificate: identity.certificate)
        return .accept(ack, pending: .identity(transcript, ephemeralSecret: ephemeralSecret, key: key))
    }

    private static func sharedKeyAnswer(_ hello: Hello, version: UInt16, clusterID: String, nodeID: String, key: ClusterKey, nonce: [UInt8]) -> Answer {
        let transcript = HandshakeTranscript(
            version: version, clusterID: clusterID, openerNodeID: hello.nodeID, acceptorNodeID: nodeID,
            keyID: key.id, openerNonce: hello.nonce, acceptorNonce: nonce)
        let ack = HelloAck(nodeID: nodeID, version: version, nonce: nonce, proof: transcript.proof(of: .acceptor, key: key))
        return .accept(ack, pending: .sharedKey(transcript, key: key))
    }

    /// The session, once the opener's proof frame checks out; the reason to
    /// refuse it otherwise (a frame of another type, or a proof that does
    /// not verify: the opener does not hold the key it named, or replays an
    /// older handshake, or reflects this node's own proof; in version 3 also a
    /// certificate the root did not sign, for another node, expired, or one
    /// `admission` refuses).
    static func verifyOpenerProof(
        _ frame: Frame, pending: PendingProof, identity: PeerIdentity? = nil,
        admission: (Certificate) -> String? = { _ in nil }
    ) -> Result<Session, ProofRefusal> {
        switch pending {
        case .sharedKey(let transcript, let key):
            guard frame.type == PeerFrameType.handshakeProof else { return .failure(wrongFrame(frame, from: transcript.openerNodeID)) }
            guard transcript.isValidProof(frame.payload, of: .opener, key: key) else {
                return .failure(ProofRefusal(
                    reason: "the handshake proof of \(transcript.openerNodeID) does not verify with cluster key \(key.id); \(sameKeyFileAdvice)"))
            }
            return .success(Session(peerNodeID: transcript.openerNodeID, version: transcript.version, keys: transcript.sessionKeys(key: key)))
        case .identity(let transcript, let ephemeralSecret, let key):
            guard let identity else { preconditionFailure("a version-3 answer is only made with an identity") }
            guard frame.type == PeerFrameType.handshakeProof else { return .failure(wrongFrame(frame, from: transcript.openerNodeID)) }
            let opener = transcript.openerNodeID
            let proof: IdentityProof
            do {
                proof = try IdentityProof(decoding: frame.payload)
                try identity.check(proof.certificate, claimedNodeID: opener, clusterID: transcript.clusterID)
            } catch {
                return .failure(ProofRefusal(reason: "\(opener): \(error)"))
            }
            if let reason = admission(proof.certificate) { return .failure(ProofRefusal(reason: reason)) }
            guard proof.certificate.publicKey.isValidSignature(proof.signature, of: transcript.openerSignedBytes(openerCertificate: proof.certificate)) else {
                return .failure(ProofRefusal(reason: "the handshake signature of \(opener) does not verify with the key its certificate names"))
            }
            let shared = X25519.scalarMultiply(scalar: ephemeralSecret, uCoordinate: transcript.openerEphemeral)
            guard let keys = transcript.sessionKeys(sharedSecret: shared, clusterKey: key, openerCertificate: proof.certificate) else {
                return .failure(ProofRefusal(reason: "\(opener) sent a low-order ephemeral key"))
            }
            return .success(Session(peerNodeID: opener, version: transcript.version, keys: keys, peerCertificate: proof.certificate))
        }
    }

    private static func wrongFrame(_ frame: Frame, from nodeID: String) -> ProofRefusal {
        ProofRefusal(reason: "\(nodeID) sent a frame of type \(frame.type) where its handshake proof belongs")
    }

    /// Why the acceptor refuses an opener's proof.
    struct ProofRefusal: Error, Equatable {
        let reason: String
    }

    // MARK: - Opener

    /// The hello this node opens a connection with: its first key's id and a fresh
    /// nonce. `randomness` is 32 fresh random bytes: without an identity they are
    /// the nonce; with one they are an ephemeral X25519 secret and the nonce is its
    /// public key (as random, and a key if the acceptor answers at version 3).
    static func open(
        clusterID: String, nodeID: String, keyRing: ClusterKeyRing, identity: PeerIdentity? = nil,
        randomness: [UInt8] = SecureRandom.bytes(count: X25519.byteCount)
    ) -> Opening {
        let supported = versions(for: identity)
        let nonce = identity == nil ? randomness : X25519.publicKey(privateKey: randomness)
        let hello = Hello(clusterID: clusterID, nodeID: nodeID, minVersion: supported.lowerBound, maxVersion: supported.upperBound,
                          keyID: keyRing.primary.id, nonce: nonce)
        return Opening(hello: hello, ephemeralSecret: randomness)
    }

    /// The session and the opener's proof to send, from the acceptor's
    /// answer to `opening`'s hello; throws `.refused` for a refusal or an answer from
    /// another node than `expectedNodeID` (when the destination named one),
    /// `.authentication` when the acceptor's proof (or, in version 3, its
    /// certificate) does not verify.
    static func accept(
        reply: PeerMessage, to opening: Opening, keyRing: ClusterKeyRing, identity: PeerIdentity? = nil, expectedNodeID: String?
    ) throws(PeerConnectionError) -> (session: Session, proof: [UInt8]) {
        let hello = opening.hello
        let ack: HelloAck
        switch reply {
        case .helloAck(let answer): ack = answer
        case .refuse(let reason): throw .refused(reason)
        default: throw .protocolViolation("expected helloAck or refuse in answer to hello, got \(reply.kind)")
        }
        if let expectedNodeID, ack.nodeID != expectedNodeID {
            throw .refused("expected node \(expectedNodeID) at this address but \(ack.nodeID) answered")
        }
        let supported = versions(for: identity)
        guard supported.contains(ack.version) else {
            throw .protocolViolation("the peer chose version \(ack.version), outside the offered \(describe(supported))")
        }
        guard let keyID = hello.keyID, let key = keyRing.key(for: keyID), !ack.proof.isEmpty else {
            throw .authentication("\(ack.nodeID) answered without a handshake proof")
        }
        guard ack.version >= PeerProtocol.identityVersion, let identity else {
            return try acceptSharedKey(ack, hello: hello, key: key)
        }
        guard let certificate = ack.certificate else { throw .authentication("\(ack.nodeID) answered version 3 without a certificate") }
        do {
            try identity.check(certificate, claimedNodeID: ack.nodeID, clusterID: hello.clusterID)
        } catch {
            throw .authentication("\(ack.nodeID): \(error)")
        }
        let transcript = IdentityHandshakeTranscript(
            version: ack.version, clusterID: hello.clusterID, openerNodeID: hello.nodeID, acceptorNodeID: ack.nodeID, keyID: keyID,
            openerEphemeral: hello.nonce, acceptorEphemeral: ack.nonce, acceptorCertificate: certificate)
        guard certificate.publicKey.isValidSignature(ack.proof, of: transcript.acceptorSignedBytes) else {
            throw .authentication("the handshake signature of \(ack.nodeID) does not verify with the key its certificate names")
        }
        let shared = X25519.scalarMultiply(scalar: opening.ephemeralSecret, uCoordinate: ack.nonce)
        guard let keys = transcript.sessionKeys(sharedSecret: shared, clusterKey: key, openerCertificate: identity.certificate) else {
            throw .authentication("\(ack.nodeID) sent a low-order ephemeral key")
        }
        let proof = IdentityProof(
            certificate: identity.certificate,
            signature: identity.signingKey.sign(transcript.openerSignedBytes(openerCertificate: identity.certificate)))
        return (Session(peerNodeID: ack.nodeID, version: ack.version, keys: keys, peerCertificate: certificate), proof.encoded)
    }

    private static func acceptSharedKey(_ ack: HelloAck, hello: Hello, key: ClusterKey) throws(PeerConnectionError) -> (session: Session, proof: [UInt8]) {
        let transcript = HandshakeTranscript(
            version: ack.version, clusterID: hello.clusterID, openerNodeID: hello.nodeID, acceptorNodeID: ack.nodeID,
            keyID: key.id, openerNonce: hello.nonce, acceptorNonce: ack.nonce)
        guard ack.certificate == nil, transcript.isValidProof(ack.proof, of: .acceptor, key: key) else {
            throw .authentication("the handshake proof of \(ack.nodeID) does not verify with cluster key \(key.id): it does not hold that key")
        }
        let session = Session(peerNodeID: ack.nodeID, version: ack.version, keys: transcript.sessionKeys(key: key))
        return (session, transcript.proof(of: .opener, key: key))
    }

    /// What to do when versions do not overlap because one side has identities and
    /// the other does not.
    private static func versionAdvice(offered: ClosedRange<UInt16>, identity: PeerIdentity?) -> String {
        if identity == nil, offered.lowerBound >= PeerProtocol.identityVersion {
            return "; the opener requires node certificates: give this node --root-public-key and a certificate (docs/security-peers.md)"
        }
        if identity != nil, offered.upperBound < PeerProtocol.identityVersion {
            return "; the opener has no node certificate: upgrade and certify it, or start this node with --accept-legacy-peers while the cluster upgrades"
        }
        return ""
    }

    /// The frame carrying the opener's proof.
    static func proofFrame(_ proof: [UInt8], version: UInt16) -> Frame {
        Frame(type: PeerFrameType.handshakeProof, version: version, payload: proof)
    }

    // MARK: - Text

    /// What an operator must do when keys do not match; part of every key refusal.
    static let sameKeyFileAdvice =
        "a node joins only when given the same cluster key file (--cluster-key) as the members; see docs/security-peers.md"

    /// A refusal whose reason fits the decoder's bound, cut at a character boundary.
    static func refusal(_ reason: String) -> PeerMessage {
        let limit = PeerMessageCodecLimits.maxRefuseReasonBytes
        guard reason.utf8.count > limit else { return .refuse(reason: reason) }
        var cut = ""
        for character in reason {
            guard cut.utf8.count + character.utf8.count <= limit - 3 else { break }
            cut.append(character)
        }
        return .refuse(reason: cut + "…")
    }

    static func describe(_ range: ClosedRange<UInt16>) -> String {
        "\(range.lowerBound)...\(range.upperBound)"
    }
}
