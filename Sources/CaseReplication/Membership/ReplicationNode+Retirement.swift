import CaseCore
/// Admin decisions about membership: retiring a member after a commune merger,
/// and re-admitting it. Both open a new admin epoch for the member's record
/// (see `MemberRecord`), so they win over anything the member says about
/// itself and spread by ordinary gossip.
extension ReplicationNode {
    /// Whether an admin retired this node (it learnt so from a peer): it then takes no further part.
    public var isRetired: Bool { table.selfRecord.state == .retired }

    /// Every member an admin retired, this node included if so, sorted by id: what
    /// `ReplicationOutput.persistRetired` hands out so that retirements survive restarts.
    public var retiredMembers: [MemberRecord] { table.retired }

    /// Changes whenever `retiredMembers` changes (a retirement or readmission
    /// decided here or learnt by gossip): the core hands out `persistRetired` only then.
    public var retiredRevision: UInt64 { table.retiredRevision }

    func retire(_ id: String, nowMs: Int64) {
        guard id != selfID, var record = table[id]?.record, record.state != .retired else { return }
        record.state = .retired
        record.incarnation = record.nextAdminEpochIncarnation
        table.setRecord(record, nowMs: nowMs)
        // A probe in flight would otherwise end by suspecting a member nobody should look at any more.
        if probing.pending?.target == id { probing.pending = nil }
        spread(record)
    }

    func readmit(_ id: String, nowMs: Int64) {
        guard id != selfID, var record = table[id]?.record, record.state == .retired else { return }
        record.state = .alive
        record.incarnation = record.nextAdminEpochIncarnation
        table.setRecord(record, nowMs: nowMs)
        spread(record)
    }

    /// Retirements learnt before a restart. They are spread again: a peer that
    /// lost its own copy (it was down when the news went round) hears it anew.
    func restoreRetired(_ records: [MemberRecord], nowMs: Int64) {
        for record in records.prefix(MembershipTable.maxMembers) where record.state == .retired && record.id != selfID {
            if let known = table.merge(record, nowMs: nowMs) { spread(known) }
        }
    }

    /// A message from a member this node knows is retired is not taken in:
    /// not its gossip, not its events. If it expects an answer, the answer is
    /// only its own retired record, so a retired node that did not hear of its
    /// retirement learns it (and stops) instead of being silently ignored.
    func tellRetired(_ record: MemberRecord, inAnswerTo message: PeerMessage, outbox: inout Outbox) {
        // With a root key, the retired node believes its retirement only with the root's decision.
        let notices = [PeerMessage.membership(members: [record], isReply: true)] + (decisions[record.id].map { [.membershipDecisions([$0])] } ?? [])
        switch message {
        case .ping(_, let claimed), .pingRequest(_, _, let claimed), .membership(let claimed, isReply: false),
             .memberBucketRecords(_, let claimed, isReply: false):
            // At the address it gives now: a retired node restarted elsewhere still hears it.
            if let destination = destination(ofSender: record.id, claimedIn: claimed) { notices.forEach { outbox.append(Envelope(destination, $0)) } }
        case .syncRequest(let request):
            if let destination = destination(ofSender: record.id, claimedIn: request.gossip) { notices.forEach { outbox.append(Envelope(destination, $0)) } }
        case .vectorPull(let pull):
            if let destination = destination(ofSender: record.id, claimedIn: pull.gossip) { notices.forEach { outbox.append(Envelope(destination, $0)) } }
        case .memberDigest(_, let claimed):
            if let destination = destination(ofSender: record.id, claimedIn: [claimed]) { notices.forEach { outbox.append(Envelope(destination, $0)) } }
        case .memberBucketDigests, .historyRequest, .historyHint, .certificateRequest:
            if let destination = destination(ofSender: record.id, claimedIn: []) { notices.forEach { outbox.append(Envelope(destination, $0)) } }
        case .ack, .eventBatch, .batchAck, .membership(_, isReply: true), .memberBucketRecords(_, _, isReply: true), .hello, .helloAck, .refuse, .tokenDigest, .tokenRecords, .signedTokenRecords,
             .decisionDigest, .membershipDecisions, .vectorAnswer, .holidayDigest, .holidaySchedules, .history, .provinceMergeDigest, .provinceMerges,
             .certificates:
            break
        }
    }
}
