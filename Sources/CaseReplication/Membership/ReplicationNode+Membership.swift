import CaseCore
/// Gossip of membership: taking in records, refuting suspicion, declaring the dead, joining.
extension ReplicationNode {
    /// Takes in records piggybacked on a message; changes are passed on by gossip in turn.
    func absorb(_ records: [MemberRecord], nowMs: Int64, spreading: Bool = true) {
        for received in records.prefix(MembershipTable.maxMembers) {
            // With a root key, admin epochs exist only as the root's decisions.
            guard let record = decisions.admit(received) else { continue }
            if record.id == selfID {
                refuteIfNeeded(record, nowMs: nowMs)
            } else if let changed = table.merge(record, nowMs: nowMs), spreading {
                spread(changed)
            }
        }
    }

    /// A member list answering this node's own: taken in, but spread only if this node knew
    /// some live member before. A node that knew none is joining (or rejoining after a
    /// restart), and the list is the cluster's own view, known to every member already:
    /// queued for gossip, its thousands of records crowded real news out of this node's
    /// messages for thousands of rounds (a join then took 48 rounds to be known by 3,321
    /// nodes instead of about 20). Refutations about this node itself still spread.
    ///
    /// Such a node then pulls what it missed at its next tick rather than at its next sync,
    /// up to `syncIntervalMs` away: restarted nodes in the catch-up benchmark got their first
    /// event 0.4 to 1.3 s after launch, as long as applying 10,000 events takes.
    func absorbMemberListReply(_ records: [MemberRecord], nowMs: Int64) {
        let joining = !table.containsOther(in: [.alive])
        absorb(records, nowMs: nowMs, spreading: !joining)
        if joining { nextSyncAtMs = min(nextSyncAtMs, nowMs) }
    }

    /// Someone says this node is suspect or dead: it is not, so it says so with a higher incarnation.
    private func refuteIfNeeded(_ claim: MemberRecord, nowMs: Int64) {
        var mine = table.selfRecord
        guard claim.state != .alive || claim.incarnation > mine.incarnation else { return }
        guard claim.incarnation >= mine.incarnation else { return }
        if claim.state == .retired {
            // An admin retired this node: it accepts that and stops taking part.
            mine.state = .retired
            mine.incarnation = claim.incarnation
        } else {
            mine.incarnation = claim.incarnation + 1
        }
        table.setRecord(mine, nowMs: nowMs)
        spread(mine)
    }

    /// Queues a record to be piggybacked a number of times that grows with the cluster's size.
    func spread(_ record: MemberRecord) {
        let members = table.participantCount
        gossip.enqueue(
            record, sends: configuration.retransmitLimit(memberCount: members),
            expiresAtMs: clockMs + configuration.gossipLifetimeMs(memberCount: members))
    }

    /// The records to ride on an outgoing message: always this node's own (so the
    /// receiver can answer it), then queued changes.
    func piggyback() -> [MemberRecord] {
        let queued = gossip.take(limit: configuration.maxGossipPerMessage, nowMs: clockMs).filter { $0.id != selfID }
        return [table.selfRecord] + queued
    }

    /// Changes a member's state as decided by this node's failure detector, and spreads it.
    func declare(_ id: String, _ state: MemberState, nowMs: Int64) {
        guard var record = table[id]?.record, record.state != state, record.state != .retired else { return }
        record.state = state
        table.setRecord(record, nowMs: nowMs)
        spread(record)
    }

    /// A suspect that did not refute in time is declared dead.
    func expireSuspects(nowMs: Int64) {
        // The earliest suspicion first: on almost every tick it has not timed out, and so none has.
        guard let earliestMs = table.earliestSuspicionMs() else { return }
        let timeout = configuration.suspicionTimeoutMs(memberCount: table.participantCount)
        guard nowMs - earliestMs >= timeout else { return }
        for id in table.otherIDs(in: .suspect) {
            if let since = table[id]?.suspectSinceMs, nowMs - since >= timeout {
                declare(id, .dead, nowMs: nowMs)
            }
        }
    }

    /// While no other member is alive, (re)send this node's member list to every --join address.
    func retryJoinIfAlone(nowMs: Int64, outbox: inout Outbox) {
        guard !joinAddresses.isEmpty, nowMs >= nextJoinAtMs, !table.containsOther(in: [.alive]) else { return }
        nextJoinAtMs = nowMs + configuration.joinRetryIntervalMs
        let members = table.allSorted.map(\.record)
        // A --join address may be a retired member's: it is never contacted again.
        let retiredAddresses = Set(table.others(in: [.retired]).map(\.record.peerAddress))
        for address in joinAddresses where address != table.selfRecord.peerAddress && !retiredAddresses.contains(address) {
            outbox.append(Envelope(.address(address), .membership(members: members, isReply: false)))
        }
    }
}
