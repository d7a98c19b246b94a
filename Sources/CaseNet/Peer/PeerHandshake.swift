import CaseReplication
import CaseWire
import CaseSystem

/// The handshake's decisions, apart from any socket: what the accepting side
/// answers to a hello, whether the opening side trusts the answer, and
/// whether the acceptor trusts the opener's proof.
///
///     opener                                    acceptor
///     hello(cluster, node, 2…2, keyID, Nₒ)  →
///                                           ←   helloAck(node, 2, Nₐ, proofₐ)   or   refuse(reason), close
///     checks proofₐ
///     proof(proofₒ)                         →
///                                               checks proofₒ, or refuse(reason), close
///     sealed frames                         →
///
/// proofᵣ = HMAC(key derived from the cluster key, role r ‖ transcript), the
/// transcript covering the cluster id, both node ids, the version, the key id
/// and both nonces (`HandshakeTranscript`); session keys come from HKDF over
/// the same. Nothing but these frames is read before proofₒ is checked.
enum PeerHandshake {
    /// The acceptor's answer to a hello.
    enum Answer: Equatable {
        /// Send `ack`, then wait for the opener's proof and check it against `pending`.
        case accept(HelloAck, pending: PendingProof)
        /// Send `refuse(reason)` and close.
        case refuse(reason: String)
    }

    /// What the acceptor needs to check the opener's proof.
    struct PendingProof: Equatable {
        let transcript: HandshakeTranscript
        let key: ClusterKey
    }

    /// A handshake both sides have proved: who the peer is, the version, and
    /// the session keys.
    struct Session: Equatable {
        let peerNodeID: String
        let version: UInt16
        let keys: PeerSessionKeys
    }

    // MARK: - Acceptor

    /// Refuses another cluster, a hello with no version in common, one that
    /// names no cluster key or one this node does not hold, and a node
    /// `admission` names a reason to refuse (a retired member); otherwise
    /// accepts at the highest common version with `nonce` and this node's
    /// proof. (Node ids were validated when the hello was decoded.)
    static func answer(
        _ hello: Hello, clusterID: String, nodeID: String, keyRing: ClusterKeyRing,
        nonce: [UInt8] = SecureRandom.bytes(count: HandshakeTranscript.nonceByteCount),
        supported: ClosedRange<UInt16> = PeerProtocol.supportedVersions,
        admission: (_ nodeID: String) -> String? = { _ in nil }
    ) -> Answer {
        guard hello.clusterID == clusterID else {
            return .refuse(reason: "cluster id \(String(reflecting: hello.clusterID)) is not this cluster's \(String(reflecting: clusterID))")
        }
        let offered = hello.minVersion...hello.maxVersion
        guard let version = PeerProtocol.negotiatedVersion(local: supported, remote: offered) else {
            return .refuse(reason: "protocol versions \(describe(offered)) offered by \(hello.nodeID) do not overlap versions \(describe(supported)) spoken by \(nodeID)")
        }
        guard let keyID = hello.keyID else {
            return .refuse(reason: "the hello from \(hello.nodeID) names no cluster key; \(sameKeyFileAdvice)")
        }
        guard let key = keyRing.key(for: keyID) else {
            return .refuse(reason: "cluster key \(keyID) used by \(hello.nodeID) is not in the key file of \(nodeID); \(sameKeyFileAdvice)")
        }
        if let reason = admission(hello.nodeID) { return .refuse(reason: reason) }
        let transcript = HandshakeTranscript(
            version: version, clusterID: clusterID, openerNodeID: hello.nodeID, acceptorNodeID: nodeID,
            keyID: keyID, openerNonce: hello.nonce, acceptorNonce: nonce)
        let ack = HelloAck(nodeID: nodeID, version: version, nonce: nonce, proof: transcript.proof(of: .acceptor, key: key))
        return .accept(ack, pending: PendingProof(transcript: transcript, key: key))
    }

    /// The session, once the opener's proof frame checks out; the reason to
    /// refuse it otherwise (a frame of another type, or a proof that does
    /// not verify: the opener does not hold the key it named, or replays an
    /// older handshake, or reflects this node's own proof).
    static func verifyOpenerProof(_ frame: Frame, pending: PendingProof) -> Result<Session, ProofRefusal> {
        let transcript = pending.transcript
        guard frame.type == PeerFrameType.handshakeProof else {
            return .failure(ProofRefusal(reason: "\(transcript.openerNodeID) sent a frame of type \(frame.type) where its handshake proof belongs"))
        }
        guard transcript.isValidProof(frame.payload, of: .opener, key: pending.key) else {
            return .failure(ProofRefusal(
                reason: "the handshake proof of \(transcript.openerNodeID) does not verify with cluster key \(pending.key.id); \(sameKeyFileAdvice)"))
        }
        return .success(Session(peerNodeID: transcript.openerNodeID, version: transcript.version, keys: transcript.sessionKeys(key: pending.key)))
    }

    /// Why the acceptor refuses an opener's proof.
    struct ProofRefusal: Error, Equatable {
        let reason: String
    }

    // MARK: - Opener

    /// The hello this node opens a connection with: its first key's id and a fresh nonce.
    static func hello(
        clusterID: String, nodeID: String, keyRing: ClusterKeyRing,
        nonce: [UInt8] = SecureRandom.bytes(count: HandshakeTranscript.nonceByteCount),
        supported: ClosedRange<UInt16> = PeerProtocol.supportedVersions
    ) -> Hello {
        Hello(clusterID: clusterID, nodeID: nodeID, minVersion: supported.lowerBound, maxVersion: supported.upperBound,
              keyID: keyRing.primary.id, nonce: nonce)
    }

    /// The session and the opener's proof to send, from the acceptor's
    /// answer to `hello`; throws `.refused` for a refusal or an answer from
    /// another node than `expectedNodeID` (when the destination named one),
    /// `.authentication` when the acceptor's proof does not verify.
    static func accept(
        reply: PeerMessage, to hello: Hello, keyRing: ClusterKeyRing, expectedNodeID: String?,
        supported: ClosedRange<UInt16> = PeerProtocol.supportedVersions
    ) throws(PeerConnectionError) -> (session: Session, proof: [UInt8]) {
        let ack: HelloAck
        switch reply {
        case .helloAck(let answer): ack = answer
        case .refuse(let reason): throw .refused(reason)
        default: throw .protocolViolation("expected helloAck or refuse in answer to hello, got \(reply.kind)")
        }
        if let expectedNodeID, ack.nodeID != expectedNodeID {
            throw .refused("expected node \(expectedNodeID) at this address but \(ack.nodeID) answered")
        }
        guard supported.contains(ack.version) else {
            throw .protocolViolation("the peer chose version \(ack.version), outside the offered \(describe(supported))")
        }
        guard let keyID = hello.keyID, let key = keyRing.key(for: keyID), !ack.proof.isEmpty else {
            throw .authentication("\(ack.nodeID) answered without a handshake proof")
        }
        let transcript = HandshakeTranscript(
            version: ack.version, clusterID: hello.clusterID, openerNodeID: hello.nodeID, acceptorNodeID: ack.nodeID,
            keyID: keyID, openerNonce: hello.nonce, acceptorNonce: ack.nonce)
        guard transcript.isValidProof(ack.proof, of: .acceptor, key: key) else {
            throw .authentication("the handshake proof of \(ack.nodeID) does not verify with cluster key \(keyID): it does not hold that key")
        }
        let session = Session(peerNodeID: ack.nodeID, version: ack.version, keys: transcript.sessionKeys(key: key))
        return (session, transcript.proof(of: .opener, key: key))
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
