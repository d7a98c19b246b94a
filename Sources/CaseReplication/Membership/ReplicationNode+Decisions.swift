import CaseCore
/// The cluster root's membership decisions (retirement is revocation, and readmission),
/// spread the way token records are: a decision made here is pushed to every live peer
/// at once, and every `tokenDigestIntervalMs` a node holding any sends the digest of its
/// decisions to one random live peer; a peer whose digest differs answers with all its
/// decisions and, unless the digest was itself an answer, with its own digest, so one
/// round makes both equal and answers never answer answers. The messages travel on
/// version-4 sessions only (`PeerProtocol.minimumVersion(of:)`).
///
/// A decision takes effect on the membership table at once (`adopt`), is handed out for
/// persisting (`ReplicationOutput.persistDecisions`) so the log refuses a revoked
/// member's later events and a restart knows it, and rules the gossip taken in from
/// then on (`MembershipDecisions.admit`).
extension ReplicationNode {
    /// Decisions per message (`PeerMessageCodecLimits.maxDecisionsPerMessage`).
    public static let maxDecisionsPerMessage = 1_024

    /// Every decision this node holds, sorted by member.
    public var membershipDecisions: [MembershipDecision] { decisions.sorted }

    /// A decision an admin made at this node (already verified and stored by the runtime).
    func takeLocalDecision(_ decision: MembershipDecision, nowMs: Int64, outbox: inout Outbox) {
        do {
            try decisions.verify(decision, signatures: signatures)
        } catch {
            noteDecisionRefusal(error.description)
            return
        }
        guard adopt(decision, nowMs: nowMs) else { return }
        for peer in table.others(in: [.alive, .suspect]) {
            outbox.append(Envelope(destination(of: peer), .membershipDecisions([decision])))
        }
    }

    /// Sent even by a node holding none (with a root key): a node that missed a decision
    /// about itself, such as its own readmission while it was down, learns it from the
    /// answer, and can then outrank what the others last saw of it.
    func runDecisionTimer(outbox: inout Outbox) {
        guard decisions.trust != nil, let peer = randomPeer(in: [.alive]) else { return }
        outbox.append(Envelope(destination(of: peer), .decisionDigest(decisions.digest, isReply: false)))
    }

    func receiveDecisionDigest(_ theirs: [UInt8], isReply: Bool, from sender: String, outbox: inout Outbox) {
        guard theirs != decisions.digest, let peer = table[sender], sender != selfID else { return }
        let held = decisions.sorted
        for start in stride(from: 0, to: held.count, by: Self.maxDecisionsPerMessage) {
            let chunk = Array(held[start..<min(start + Self.maxDecisionsPerMessage, held.count)])
            outbox.append(Envelope(destination(of: peer), .membershipDecisions(chunk)))
        }
        if !isReply { outbox.append(Envelope(destination(of: peer), .decisionDigest(decisions.digest, isReply: true))) }
    }

    /// Takes in the decisions the root signed; one that does not verify is counted and
    /// ends the message (a member forwards only decisions it verified).
    func receiveDecisions(_ received: [MembershipDecision], from sender: String, nowMs: Int64) {
        guard table[sender] != nil, sender != selfID else { return }
        for decision in received where decisions[decision.member] != decision {
            do {
                try decisions.verify(decision, signatures: signatures)
            } catch {
                noteDecisionRefusal("from \(sender): \(error.description)")
                return
            }
            _ = adopt(decision, nowMs: nowMs)
        }
    }

    /// Decisions persisted before a restart: held again, and the table follows them.
    func restoreDecisions(_ restored: [MembershipDecision], nowMs: Int64) {
        for decision in restored.prefix(MembershipTable.maxMembers) where (try? decisions.verify(decision, signatures: signatures)) != nil {
            _ = adopt(decision, nowMs: nowMs)
        }
    }

    /// Holds `decision` if it is the newest about its member and applies it to the
    /// member's record (this node's own included: a node the root retired stops).
    private func adopt(_ decision: MembershipDecision, nowMs: Int64) -> Bool {
        guard decisions.hold(decision) else { return false }
        statistics.membershipDecisionsHeld = Int64(decisions.count)
        let member = decision.member
        guard let record = table[member]?.record else {
            // A retirement of a member this node never met: known as retired from now on
            // (its addresses unknown, which nobody needs), so its hello is refused at once.
            if decision.verdict == .retired, let added = table.merge(MembershipDecisions.applying(decision, to: MemberRecord(
                id: member, peerAddress: "", httpAddress: "", incarnation: 0, state: .retired)), nowMs: nowMs) {
                spread(added)
            }
            return true
        }
        // Nothing to do for a record that already follows it (or a later epoch's).
        guard record.adminEpoch <= decision.adminEpoch, !MembershipDecisions.isFollowed(decision, by: record) else { return true }
        var decided = MembershipDecisions.applying(decision, to: record)
        // Its own readmission: above the decision's incarnation by its own count (raised at
        // every start), so it outranks a suspect or dead record the others hold of it in the
        // same epoch (it was down), and each restart outranks the one before.
        if member == selfID, decision.verdict == .readmitted {
            decided.incarnation += max(1, record.incarnation & ((1 << MemberRecord.adminEpochShift) - 1))
        }
        table.setRecord(decided, nowMs: nowMs)
        if decided.state == .retired, probing.pending?.target == member { probing.pending = nil }
        spread(decided)
        return true
    }

    private func noteDecisionRefusal(_ reason: String) {
        statistics.membershipDecisionsRefused += 1
        statistics.lastMembershipDecisionRefusal = reason
    }
}
