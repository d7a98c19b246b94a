import CaseCore
import CaseCrypto

/// The cluster root's province mergers (`ProvinceMerge`), spread as its holiday schedules
/// are (`ReplicationNode+Holidays`): a merger signed at this node is pushed to every live
/// peer at once, and every `tokenDigestIntervalMs` a node holding any sends their digest to
/// one random live peer, which answers with all its mergers when the digests differ. On
/// version-10 sessions only (`PeerProtocol.minimumVersion(of:)`): a merger is signed after
/// every node of the two provinces runs a build that speaks it.
///
/// A merger is held in the node's scope (`StreamScope.adding`): from then on the merged
/// province's centres are of the province it joined, its origins' streams are held
/// densely by both sides' nodes and pulled from the first event, and the keys that made
/// stale leave the vector. Every node, of whichever province, takes it in: tagging and
/// routing resolve a merged province to the one it joined. Only a node with a root key
/// takes or sends mergers.
extension ReplicationNode {
    /// Mergers per message. Why 64: there are 34 provinces and one merger per merged
    /// province is held (the 63 provinces of before 2025 would need 29), so one message
    /// carries them all; a merger is under 100 bytes.
    public static let maxProvinceMergesPerMessage = 64

    /// Every merger this node holds, by merged province.
    public var provinceMerges: [ProvinceMerge] {
        scope.directory.merges.keys.sorted().map { scope.directory.merges[$0]! }
    }

    /// SHA-256 over every merger held, by merged province: equal digests, equal sets.
    var provinceMergesDigest: [UInt8] {
        var sha = SHA256()
        for merge in provinceMerges { sha.update(merge.encoded) }
        return sha.finalize()
    }

    /// A merger the root signed, published at this node (the runtime verified and stored it).
    /// The runtime's scope may hold it already (`rescope` follows the store): pushed all the same.
    func takeLocalProvinceMerge(_ merge: ProvinceMerge, outbox: inout Outbox) {
        guard verifiedProvinceMerge(merge, from: nil) else { return }
        _ = hold(merge)
        guard scope.directory.merges[merge.from] == merge else { return }
        for peer in table.others(in: [.alive, .suspect]) {
            outbox.append(Envelope(destination(of: peer), .provinceMerges([merge])))
        }
    }

    /// A node holding none waits to be sent a digest: the holders' rounds reach it.
    func runProvinceMergeTimer(outbox: inout Outbox) {
        guard tokenTrust != nil, mayBeDivided, !scope.directory.merges.isEmpty, let peer = randomPeer(in: [.alive]) else { return }
        outbox.append(Envelope(destination(of: peer), .provinceMergeDigest(provinceMergesDigest, isReply: false)))
    }

    func receiveProvinceMergeDigest(_ theirs: [UInt8], isReply: Bool, from sender: String, outbox: inout Outbox) {
        guard tokenTrust != nil, mayBeDivided else { return }
        answerRootRecordDigest(
            theirs, isReply: isReply, from: sender, ours: provinceMergesDigest, held: provinceMerges,
            perMessage: Self.maxProvinceMergesPerMessage, records: PeerMessage.provinceMerges,
            digest: PeerMessage.provinceMergeDigest, outbox: &outbox)
    }

    /// A batch with events this node follows no stream of (tagged with no province of its
    /// own): the sender may have placed this node by a merger it has not heard of yet. It
    /// sends the sender its mergers' digest at once, which brings the mergers if the sets
    /// differ, instead of waiting for the anti-entropy round; at most once per
    /// `probeIntervalMs`, so a peer that keeps sending what is not for it costs little.
    /// The log stores none of those events (`SparseStreamRuns`).
    func askForMergersIfStray(_ batch: EventBatch, from sender: String, outbox: inout Outbox) {
        guard tokenTrust != nil, scope.isDivided, clockMs >= nextStrayMergerAskAtMs, let peer = table[sender], sender != selfID,
              batch.events.contains(where: { !scope.follows($0) }) else { return }
        nextStrayMergerAskAtMs = clockMs + configuration.probeIntervalMs
        outbox.append(Envelope(destination(of: peer), .provinceMergeDigest(provinceMergesDigest, isReply: false)))
    }

    /// Takes in the mergers the root signed; one that does not verify is counted and ends
    /// the message (a member forwards only mergers it verified).
    func receiveProvinceMerges(_ received: [ProvinceMerge], from sender: String) {
        guard table[sender] != nil, sender != selfID, mayBeDivided else { return }
        for merge in received where adds(merge) {
            guard verifiedProvinceMerge(merge, from: sender) else { return }
            _ = hold(merge)
        }
    }

    /// Whether provinces divide this node or a merger may: it is certified for one, `00`
    /// included (the root's merger of `00` into a named province divides it). The
    /// simulator's nodes without provinces and nodes without certificates take no mergers.
    private var mayBeDivided: Bool { scope.certifiedProvince != nil }

    /// Whether `merge` would change what this node holds; checked before its signature, so a
    /// peer offering old or contradictory mergers again costs no verification. One the
    /// directory refuses (into another province than the one held, or round in a circle) is
    /// counted as refused.
    private func adds(_ merge: ProvinceMerge) -> Bool {
        var trial = scope.directory
        if let reason = trial.add(merge) {
            noteProvinceMergeRefusal(reason)
            return false
        }
        return trial != scope.directory
    }

    /// Holds `merge` in the scope if it changes the directory; returns whether it did.
    private func hold(_ merge: ProvinceMerge) -> Bool {
        let merged = scope.adding(merge)
        guard merged.directory != scope.directory else { return false }
        rescope(merged)
        provinceMergesRevision += 1
        statistics.provinceMergesHeld = Int64(merged.directory.merges.count)
        return true
    }

    private func verifiedProvinceMerge(_ merge: ProvinceMerge, from sender: String?) -> Bool {
        verifiedRootRecord("the merger of \(merge.from) into \(merge.into)", from: sender, refused: noteProvinceMergeRefusal) { trust throws(ValidationIssue) in
            try merge.verify(root: trust.root, clusterID: trust.clusterID, signatures: signatures)
        }
    }

    private func noteProvinceMergeRefusal(_ reason: String) {
        statistics.provinceMergesRefused += 1
        statistics.lastProvinceMergeRefusal = reason
    }
}

extension ReplicationNode {
    /// Whether a root record (a holiday schedule, a province merger) from `sender` (nil: this
    /// node's own) verifies against the cluster's root; a refusal is told to `refused`, with
    /// the sender and the reason.
    func verifiedRootRecord(
        _ what: String, from sender: String?, refused: (String) -> Void, verify: (TokenTrust) throws(ValidationIssue) -> Void
    ) -> Bool {
        let origin = sender.map { "from \($0): " } ?? ""
        guard let trust = tokenTrust else {
            refused("\(origin)this node has no cluster root key to check \(what) with")
            return false
        }
        do {
            try verify(trust)
            return true
        } catch {
            refused(origin + error.description)
            return false
        }
    }

    /// Answers a root records' digest (holiday schedules, province mergers) that differs
    /// from this node's: with every record held, in messages of at most `perMessage`, and,
    /// unless the digest was itself an answer, with this node's own digest, so one round
    /// makes both equal and answers never answer answers.
    func answerRootRecordDigest<Record>(
        _ theirs: [UInt8], isReply: Bool, from sender: String, ours: [UInt8], held: [Record], perMessage: Int,
        records: ([Record]) -> PeerMessage, digest: ([UInt8], Bool) -> PeerMessage, outbox: inout Outbox
    ) {
        guard theirs != ours, let peer = table[sender], sender != selfID else { return }
        for start in stride(from: 0, to: held.count, by: perMessage) {
            outbox.append(Envelope(destination(of: peer), records(Array(held[start..<min(start + perMessage, held.count)]))))
        }
        if !isReply { outbox.append(Envelope(destination(of: peer), digest(ours, true))) }
    }
}
