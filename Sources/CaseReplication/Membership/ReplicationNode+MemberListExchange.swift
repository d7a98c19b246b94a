import CaseCore
/// The periodic member-list exchange, digest first (protocol version 5).
///
///     A → B  memberDigest(root, A's record)          every membershipExchangeIntervalMs
///     B → A  memberBucketDigests(B's 64)             only if the roots differ
///     A → B  memberBucketRecords(differing, A's)     B takes them in, then answers
///     B → A  memberBucketRecords(same, B's, reply)   A takes them in; nothing answers
///
/// Both sides end with the newer record of every member in the differing buckets, as
/// after a whole-list exchange, while members that agree pay one 16-byte digest. On a
/// session with an older build the digest's envelope carries the whole list instead
/// (`Envelope.fallback`), answered by the whole list as before.
extension ReplicationNode {
    /// Sends the member list's digest to one random live peer and to one random member
    /// believed dead.
    ///
    /// Why the dead one too: after a partition heals, each side has declared the other
    /// dead, and nobody probes, syncs with or gossips to the dead, so without this the two
    /// sides never speak again. The lists differ ("you are dead"), so the buckets follow;
    /// a member that is in fact alive refutes what it receives about itself, and the
    /// refutations spread on both sides by gossip.
    func exchangeMemberList(outbox: inout Outbox) {
        let peers = [randomPeer(in: [.alive]), randomPeer(in: [.dead])].compactMap { $0 }
        guard !peers.isEmpty else { return }
        let digest = PeerMessage.memberDigest(currentMemberListDigest().root, sender: table.selfRecord)
        let wholeList = PeerMessage.membership(members: table.allSorted.map(\.record), isReply: false)
        for peer in peers { outbox.append(Envelope(destination(of: peer), digest, fallback: wholeList)) }
    }

    /// The digests of the member list this node holds (what peers compare theirs with).
    public var memberListDigest: MemberListDigest { currentMemberListDigest() }

    /// The digest of the member list as it is now, recomputed only after a record changed.
    func currentMemberListDigest() -> MemberListDigest {
        if let cached = cachedMemberListDigest, cached.revision == table.revision { return cached.digest }
        let digest = MemberListDigest(sortedRecords: table.allSorted.map(\.record))
        cachedMemberListDigest = (table.revision, digest)
        return digest
    }

    /// A node that restarted during a partition may know nobody on the other side: the
    /// sender's record lets it answer (and the records that follow tell it the rest).
    func receiveMemberDigest(_ theirs: [UInt8], claiming record: MemberRecord, from sender: String, nowMs: Int64, outbox: inout Outbox) {
        guard sender != selfID else { return }
        absorb([record], nowMs: nowMs)
        let mine = currentMemberListDigest()
        guard theirs != mine.root, let destination = destination(ofSender: sender, claimedIn: [record]) else { return }
        outbox.append(Envelope(destination, .memberBucketDigests(mine.buckets)))
    }

    func receiveMemberBucketDigests(_ theirs: [[UInt8]], from sender: String, outbox: inout Outbox) {
        guard sender != selfID, theirs.count == MemberListDigest.bucketCount else { return }
        let differing = currentMemberListDigest().bucketsDiffering(from: theirs)
        guard !differing.isEmpty else { return }
        let message = PeerMessage.memberBucketRecords(
            buckets: differing.map { UInt8($0) }, records: records(inBuckets: differing), isReply: false)
        reply(to: sender, message, outbox: &outbox)
    }

    /// Takes in a peer's records of some buckets and, unless they answer this node's own,
    /// answers with this node's records of the same buckets (after taking theirs in, so
    /// what it learnt travels back too).
    func receiveMemberBucketRecords(buckets: [UInt8], records: [MemberRecord], isReply: Bool, from sender: String,
                                    nowMs: Int64, outbox: inout Outbox) {
        guard sender != selfID else { return }
        let named = buckets.map(Int.init).filter { $0 < MemberListDigest.bucketCount }
        if isReply {
            absorbMemberListReply(records, nowMs: nowMs)
            return
        }
        absorb(records, nowMs: nowMs)
        let answer = PeerMessage.memberBucketRecords(
            buckets: named.map { UInt8($0) }, records: self.records(inBuckets: named), isReply: true)
        if let destination = destination(ofSender: sender, claimedIn: records) { outbox.append(Envelope(destination, answer)) }
    }

    /// This node's records (itself included) whose ids fall in `buckets`, sorted by id.
    private func records(inBuckets buckets: [Int]) -> [MemberRecord] {
        let wanted = Set(buckets)
        return table.allSorted.map(\.record).filter { wanted.contains(MemberListDigest.bucket(of: $0.id)) }
    }
}
