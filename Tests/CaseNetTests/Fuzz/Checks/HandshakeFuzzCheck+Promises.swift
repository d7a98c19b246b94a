@testable import CaseNet
import CaseSupport
import CaseReplication
import CaseWire

/// The promises the "handshake" target checks on every decision, beyond
/// "never traps":
///
/// - a hello is answered only when it is from this cluster, names a key this
///   node holds, shares a version (the highest is chosen) and is not refused
///   by admission; any refusal has one of those reasons and a text;
/// - the helloAck carries this node's fixed nonce and exactly the acceptor's
///   proof over the transcript, fits the handshake bound, and the opener that
///   sent the hello accepts it, with a proof this acceptor accepts and the
///   same session keys (the two sides agree);
/// - a session starts only on a type-11 frame holding exactly the opener's
///   proof over the transcript; the acceptor's own proof sent back (roles
///   swapped, a reflection) and any change to a valid proof are refused;
/// - an opener trusts only a helloAck from the node it expected, in a version
///   it offered, whose proof is exactly the acceptor's over its transcript;
///   it refuses the same answer carrying its own role's proof, or a changed proof.
extension HandshakeFuzzCheck {
    // MARK: - Acceptor

    static func checkAcceptor(_ decision: AcceptorDecision) throws(FuzzInvariantViolation) {
        switch decision {
        case .waiting, .close:
            return
        case .refuse(let hello, let reason):
            try checkRefusal(of: hello, reason: reason)
        case .answered(let hello, let ack, let proof):
            let (transcript, key) = try checkAnswer(ack, to: hello)
            try checkProofDecision(proof, transcript: transcript, key: key, acceptorProof: ack.proof)
        }
    }

    private static func checkRefusal(of hello: Hello?, reason: String) throws(FuzzInvariantViolation) {
        try require(!reason.isEmpty, "a refusal without a reason")
        if let hello {
            let overlaps = PeerProtocol.supportedVersions.overlaps(hello.minVersion...hello.maxVersion)
            let holdsKey = hello.keyID.flatMap { acceptorKeyRing.key(for: $0) } != nil
            try require(
                hello.clusterID != clusterID || !overlaps || !holdsKey || hello.nodeID == refusedNodeID,
                "refused a hello with no reason to: \(hello) (\(reason))")
        }
        let refusal = PeerHandshake.refusal(reason)
        guard case .refuse(let sentReason) = refusal else {
            throw FuzzInvariantViolation(target: target, message: "refusal(_:) built \(refusal.kind)")
        }
        try checkFitsHandshakeBound(refusal)
        let opener = openerDecision(reading: frameBytes(refusal), hello: openerHello, keyRing: openerKeyRing, expectedNodeID: acceptorNodeID)
        let expected = OpenerDecision.close("\(PeerConnectionError.refused(sentReason))")
        try require(opener == expected, "the opener read the refusal as \(opener), expected \(expected)")
    }

    /// The answer to an accepted hello; returns the transcript both proofs
    /// cover and the key they are made with.
    private static func checkAnswer(_ ack: HelloAck, to hello: Hello) throws(FuzzInvariantViolation) -> (HandshakeTranscript, ClusterKey) {
        try require(hello.clusterID == clusterID, "answered a hello from cluster \(hello.clusterID)")
        try require(hello.nodeID != refusedNodeID, "answered \(hello.nodeID), whom admission refuses")
        guard let keyID = hello.keyID, let key = acceptorKeyRing.key(for: keyID) else {
            throw FuzzInvariantViolation(
                target: target, message: "answered a hello naming key \(hello.keyID.map { "\($0)" } ?? "none"), which this node does not hold")
        }
        let offered = hello.minVersion...hello.maxVersion
        try require(
            // This check's acceptor has no identity: it speaks the shared-key versions only.
            ack.version == min(offered.upperBound, PeerProtocol.sharedKeyVersions.upperBound) && offered.contains(ack.version)
                && PeerProtocol.sharedKeyVersions.contains(ack.version),
            "answered in version \(ack.version) an offer of \(offered)")
        try require(ack.nodeID == acceptorNodeID && ack.nonce == acceptorNonce, "the helloAck names \(ack.nodeID) or carries another nonce than this node's")
        let transcript = HandshakeTranscript(
            version: ack.version, clusterID: clusterID, openerNodeID: hello.nodeID, acceptorNodeID: acceptorNodeID,
            keyID: keyID, openerNonce: hello.nonce, acceptorNonce: acceptorNonce)
        try require(ack.proof == transcript.proof(of: .acceptor, key: key), "the helloAck's proof is not the acceptor's proof over the transcript")
        try checkAnswerReachesOpener(ack, hello: hello, transcript: transcript, key: key)
        return (transcript, key)
    }

    /// The opener that sent `hello` (holding `key`) reads the helloAck through
    /// the real encoder and accepts it; the proof it then sends passes this
    /// acceptor's check, and both sides hold the same session keys.
    private static func checkAnswerReachesOpener(
        _ ack: HelloAck, hello: Hello, transcript: HandshakeTranscript, key: ClusterKey
    ) throws(FuzzInvariantViolation) {
        let answer = PeerMessage.helloAck(ack)
        try checkFitsHandshakeBound(answer)
        let opener = openerDecision(reading: frameBytes(answer), hello: hello, keyRing: ClusterKeyRing([key]), expectedNodeID: acceptorNodeID)
        try checkOpener(opener, hello: hello, key: key)
        guard case .accept(_, let openerSession, let proof) = opener else {
            throw FuzzInvariantViolation(target: target, message: "the opener that sent \(hello) read the helloAck as \(opener)")
        }
        let verified = PeerHandshake.verifyOpenerProof(
            PeerHandshake.proofFrame(proof, version: openerSession.version), pending: PeerHandshake.PendingProof.sharedKey(transcript, key: key))
        guard case .success(let acceptorSession) = verified else {
            throw FuzzInvariantViolation(target: target, message: "the acceptor refused the proof of the opener it answered: \(verified)")
        }
        try require(
            acceptorSession.keys == openerSession.keys && acceptorSession.version == openerSession.version
                && acceptorSession.peerNodeID == hello.nodeID,
            "the two sides of one handshake disagree on the session")
    }

    private static func checkProofDecision(
        _ decision: ProofDecision, transcript: HandshakeTranscript, key: ClusterKey, acceptorProof: [UInt8]
    ) throws(FuzzInvariantViolation) {
        let validProof = transcript.proof(of: .opener, key: key)
        switch decision {
        case .waiting, .close:
            return
        case .refuse(let frame, let reason):
            try require(!reason.isEmpty, "a proof refusal without a reason")
            try require(
                frame.type != PeerFrameType.handshakeProof || frame.payload != validProof, "refused the opener's valid proof: \(reason)")
            try checkFitsHandshakeBound(PeerHandshake.refusal(reason))
        case .accept(let frame, let session):
            try require(frame.type == PeerFrameType.handshakeProof, "a session started on a frame of type \(frame.type)")
            try require(frame.payload == validProof, "a session started on a proof that is not the opener's over the transcript")
            try require(
                session == PeerHandshake.Session(peerNodeID: transcript.openerNodeID, version: transcript.version, keys: transcript.sessionKeys(key: key)),
                "the session is not the one the transcript gives")
            let pending = PeerHandshake.PendingProof.sharedKey(transcript, key: key)
            for forgery in [acceptorProof] + changedCopies(of: frame.payload) {
                var forged = frame
                forged.payload = forgery
                if case .success = PeerHandshake.verifyOpenerProof(forged, pending: pending) {
                    throw FuzzInvariantViolation(
                        target: target, message: "the acceptor accepted \(forgery == acceptorProof ? "its own proof reflected" : "a changed proof") as the opener's")
                }
            }
        }
    }

    // MARK: - Opener

    /// The promises of an opener that sent `hello`, holding `key`.
    static func checkOpener(_ decision: OpenerDecision, hello: Hello, key: ClusterKey) throws(FuzzInvariantViolation) {
        guard case .accept(let reply, let session, let proof) = decision else { return }
        guard case .helloAck(let ack) = reply else {
            throw FuzzInvariantViolation(target: target, message: "the opener accepted a \(reply.kind) as the answer")
        }
        let offered = hello.minVersion...hello.maxVersion
        try require(ack.nodeID == acceptorNodeID, "the opener accepted \(ack.nodeID); it expected \(acceptorNodeID)")
        try require(
            offered.contains(ack.version) && PeerProtocol.supportedVersions.contains(ack.version),
            "the opener accepted version \(ack.version); it offered \(offered)")
        try require(ack.nonce.count == HandshakeTranscript.nonceByteCount, "the opener accepted a helloAck without a nonce")
        let transcript = HandshakeTranscript(
            version: ack.version, clusterID: hello.clusterID, openerNodeID: hello.nodeID, acceptorNodeID: ack.nodeID,
            keyID: key.id, openerNonce: hello.nonce, acceptorNonce: ack.nonce)
        try require(ack.proof == transcript.proof(of: .acceptor, key: key), "the opener accepted a proof that is not the acceptor's over the transcript")
        try require(proof == transcript.proof(of: .opener, key: key), "the opener would send another proof than its own over the transcript")
        try require(
            session == PeerHandshake.Session(peerNodeID: ack.nodeID, version: ack.version, keys: transcript.sessionKeys(key: key)),
            "the opener's session is not the one the transcript gives")
        for forgery in [proof] + changedCopies(of: ack.proof) {
            var forged = ack
            forged.proof = forgery
            let accepted = (try? PeerHandshake.accept(
                reply: .helloAck(forged), to: PeerHandshake.Opening(hello: hello, ephemeralSecret: openerNonce), keyRing: ClusterKeyRing([key]), expectedNodeID: acceptorNodeID)) != nil
            try require(!accepted, "the opener accepted \(forgery == proof ? "its own proof reflected" : "a changed proof") as the acceptor's")
        }
    }

    // MARK: - Helpers

    /// A few copies of a valid proof, each changed in one byte (position and
    /// change chosen from the proof, so a replay is exact and every new
    /// transcript tries other positions), one cut short and one with a byte
    /// appended.
    static func changedCopies(of proof: [UInt8]) -> [[UInt8]] {
        guard !proof.isEmpty else { return [[0]] }
        var generator = SplitMix64(seed: FuzzChunking.seed(of: proof))
        var copies = [Array(proof.dropLast()), proof + [0]]
        for _ in 0..<4 {
            var copy = proof
            copy[Int(generator.next() % UInt64(proof.count))] ^= UInt8(generator.next() % 255 + 1)
            copies.append(copy)
        }
        return copies
    }

    static func frameBytes(_ message: PeerMessage) -> [UInt8] {
        FrameEncoder.encode(PeerMessageCodec.encode(message))
    }

    /// The other side reads handshake frames under `maxHandshakePayloadBytes`.
    private static func checkFitsHandshakeBound(_ message: PeerMessage) throws(FuzzInvariantViolation) {
        let count = PeerMessageCodec.encode(message).payload.count
        try require(
            count <= limits.maxHandshakePayloadBytes,
            "the \(message.kind) answer is \(count) bytes; the other side reads \(limits.maxHandshakePayloadBytes)")
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzInvariantViolation) {
        try FuzzInvariantViolation.require(condition, target, message())
    }
}
