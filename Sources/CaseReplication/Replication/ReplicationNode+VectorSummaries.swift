/// Version vectors digest first (protocol version 6, docs/design/provinces.md "Digest first"):
///
///     A → B  vectorPull(A's vector summarized against what B echoed, B's digest A holds)
///     B → A  events as before, or vectorAnswer(B's summarized, digest of A's B took)
///
/// Each side keeps, per peer, the peer's last vector it took, and its own last vector the
/// peer echoed: a summary carries only the heads that rose since that one (nothing at all
/// when idle) with the digest of the whole, and its receiver takes the rebuilt vector only
/// if the digests agree. One that cannot answers with an empty echo, and the puller pulls
/// again with its whole vector: a restarted peer, a lost message or a stale base costs a
/// round trip, never a pull answered against a wrong vector. On a session with an older
/// build the envelopes fall back to `syncRequest` and the empty `eventBatch`, whole vectors.
extension ReplicationNode {
    /// `vector` summarized for `peer`, noted as sent so the peer's echo of it is recognized.
    /// `theirs`: the peer's vector when this node just took it (an answer to its pull): the
    /// peer holds that one for sure, so only the heads that differ go. Otherwise, when this
    /// node is quiet (a peer of its province was seen holding exactly its vector), its own
    /// vector: the digest alone, which a peer holding the same vector rebuilds over its own
    /// and any other cannot, and says so; else the last vector the peer echoed, which may be
    /// old (pairs meet rarely), so it comes after.
    func summarize(_ vector: VersionVector, for peer: String, theirs: VersionVector? = nil) -> VectorSummary {
        let digest = digestOfOwn(vector)
        let base = theirs ?? (isQuiet(digest, with: peer) ? vector : peerVectors[peer]?.acknowledged?.vector)
        noteSent(vector, digest: digest, to: peer)
        return VectorSummary(vector, digest: digest, against: base)
    }

    /// Whether the vector of digest `digest` is one a peer of this node's province was seen
    /// holding too, and `peer` is of that province: in an idle province every node holds the
    /// same vector, and no pair of its members need have met for the digest to match.
    private func isQuiet(_ digest: [UInt8], with peer: String) -> Bool {
        quietDigest == digest && scope.sharesStreams(with: peer)
    }

    /// Notes that `vector` went to `peer` (a summary, or whole in an answer's batches).
    func noteSent(_ vector: VersionVector, digest: [UInt8]? = nil, to peer: String) {
        guard table[peer] != nil else { return }
        peerVectors[peer, default: PeerVectors()].sent = DigestedVector(vector, digest: digest)
    }

    /// The digest of `peer`'s vector this node last took, for echoing; empty if none.
    func echo(for peer: String) -> [UInt8] {
        guard var received = peerVectors[peer]?.received else { return [] }
        let digest = received.digest()
        peerVectors[peer]?.received = received
        return digest
    }

    /// Takes `peer`'s echo of this node's vector (see `PeerVectors.takeEcho`).
    func takeEcho(_ echo: [UInt8], from peer: String) {
        peerVectors[peer]?.takeEcho(echo)
    }

    /// Notes a whole vector `peer` sent of itself (a `syncRequest`, an answer's batch).
    func noteReceived(_ vector: VersionVector, from peer: String) {
        guard table[peer] != nil, peerVectors[peer]?.received?.vector != vector else { return }
        peerVectors[peer, default: PeerVectors()].received = DigestedVector(vector)
    }

    /// The vector `summary` stands for, rebuilt over a vector the peer may have summarized
    /// against: the last one taken from it, this node's own last sent to it (the base of an
    /// answer), or, from a peer of its province, this node's own (a quiet pull's); nil when
    /// none gives the digest (this node then forgets what it held: the peer will send the
    /// whole vector). A peer of another province is never compared with this node's keys.
    func takeVector(_ summary: VectorSummary, from peer: String) -> VersionVector? {
        let known = peerVectors[peer]
        var candidates = [known?.received?.vector, known?.sent?.vector].compactMap { $0 }
        if scope.sharesStreams(with: peer) { candidates.append(versionVector) }
        guard let vector = summary.resolved(over: candidates) else {
            peerVectors[peer]?.received = nil
            return nil
        }
        if table[peer] != nil { peerVectors[peer, default: PeerVectors()].received = DigestedVector(vector, digest: summary.digest) }
        if vector == versionVector, scope.sharesStreams(with: peer) { quietDigest = summary.digest }
        return vector
    }

    /// The digest of one of this node's vectors, remembered for the last one asked: an idle
    /// node summarizes the same vector pull after pull.
    private func digestOfOwn(_ vector: VersionVector) -> [UInt8] {
        if var cached = ownDigest, cached.vector == vector { return cached.digest() }
        var digested = DigestedVector(vector)
        let digest = digested.digest()
        ownDigest = digested
        return digest
    }

    /// Pulls from `peer` with this node's vector summarized; the whole vector on an older session.
    func sendPull(to peer: String, outbox: inout Outbox) {
        let gossip = gossip(for: peer)
        let pull = VectorPull(vector: summarize(versionVector, for: peer), known: echo(for: peer), gossip: gossip)
        let whole = PeerMessage.syncRequest(SyncRequest(versionVector: versionVector, gossip: gossip))
        reply(to: peer, .vectorPull(pull), fallback: whole, outbox: &outbox)
    }

    /// Takes a digest-first pull: answers it as a `syncRequest` if its vector can be rebuilt,
    /// else says so (an empty echo; the older session's form: an empty batch that `hasMore`,
    /// which makes the puller pull again too).
    func receivePull(_ pull: VectorPull, from peer: String, nowMs: Int64, outbox: inout Outbox) {
        takeEcho(pull.known, from: peer)
        guard let theirs = takeVector(pull.vector, from: peer) else {
            statistics.vectorsNotRebuilt += 1
            let empty = VersionVector()
            let answer = VectorAnswer(vector: VectorSummary(empty, digest: empty.digest, against: nil), known: [])
            let whole = EventBatch(events: [], senderVersionVector: empty, hasMore: true, isPush: false)
            reply(to: peer, .vectorAnswer(answer), fallback: .eventBatch(whole), outbox: &outbox)
            return
        }
        answerSync(from: peer, theirs: theirs, nowMs: nowMs, outbox: &outbox)
    }

    /// Answers a pull of `theirs` that lacks nothing of `mine` (this node's vector, or what it
    /// can serve a peer of another province, in its keys): `mine` summarized against `theirs`;
    /// on an older session the empty batch.
    func sendEmptyAnswer(to peer: String, mine: VersionVector, theirs: VersionVector, outbox: inout Outbox) {
        statistics.batchesSent += 1
        let answer = VectorAnswer(vector: summarize(mine, for: peer, theirs: theirs), known: echo(for: peer))
        let whole = EventBatch(events: [], senderVersionVector: mine, hasMore: false, isPush: false)
        reply(to: peer, .vectorAnswer(answer), fallback: .eventBatch(whole), outbox: &outbox)
    }

    /// Takes an empty answer: as the empty batch it stands for, carrying the answerer's vector
    /// when it can be rebuilt (applied like any batch, so the log's own vector is read again
    /// and the way back, what the peer lacks, is sent as before). An empty echo means the
    /// answerer could not rebuild this node's vector: pull again, with the whole vector.
    func receiveEmptyAnswer(_ answer: VectorAnswer, from peer: String, nowMs: Int64, outbox: inout Outbox) {
        guard !answer.known.isEmpty else {
            statistics.batchesReceived += 1
            // Neither base can be trusted with this peer now; without both, the pull again is
            // whole, which any peer rebuilds, so a nack is never answered by another.
            peerVectors[peer]?.acknowledged = nil
            quietDigest = nil
            if pullInFlight?.peer == peer { pullInFlight = nil }
            requestSync(from: peer, nowMs: nowMs, outbox: &outbox)
            return
        }
        takeEcho(answer.known, from: peer)
        guard let theirs = takeVector(answer.vector, from: peer) else {
            // Nothing lacking was the answer; only the way back (what the peer lacks) is lost.
            statistics.batchesReceived += 1
            statistics.vectorsNotRebuilt += 1
            if pullInFlight?.peer == peer { pullInFlight = nil }
            return
        }
        let batch = EventBatch(events: [], senderVersionVector: theirs, hasMore: false, isPush: false)
        receiveBatches([ReceivedBatch(sender: peer, batch: batch)], outbox: &outbox)
    }
}
