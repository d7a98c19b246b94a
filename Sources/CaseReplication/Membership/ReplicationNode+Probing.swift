import CaseCore
/// SWIM failure detection: probe one member per interval; if it does not
/// answer in time, ask others to probe it; if nobody gets an answer, suspect it.
extension ReplicationNode {
    func runProbeTimers(nowMs: Int64, outbox: inout Outbox) {
        checkPendingProbe(nowMs: nowMs, outbox: &outbox)
        if !probing.relayed.isEmpty { probing.relayed = probing.relayed.filter { $0.value.expiresAtMs > nowMs } }
        guard nowMs >= probing.nextProbeAtMs else { return }
        probing.nextProbeAtMs = nowMs + configuration.probeIntervalMs
        guard probing.pending == nil, let target = nextProbeTarget() else { return }
        let sequence = probing.takeSequence()
        probing.pending = ProbeState.Pending(target: target.record.id, sequence: sequence, sentAtMs: nowMs, indirectSent: false)
        statistics.probes += 1
        outbox.append(Envelope(destination(of: target), .ping(sequence: sequence, gossip: piggyback(for: target))))
    }

    private func checkPendingProbe(nowMs: Int64, outbox: inout Outbox) {
        guard var pending = probing.pending else { return }
        if nowMs - pending.sentAtMs >= configuration.probeIntervalMs {
            probing.pending = nil
            if table[pending.target]?.record.state == .alive { declare(pending.target, .suspect, nowMs: nowMs) }
            return
        }
        if !pending.indirectSent, nowMs - pending.sentAtMs >= configuration.probeTimeoutMs {
            pending.indirectSent = true
            probing.pending = pending
            for helper in probeHelpers(for: pending.target) {
                let request = PeerMessage.pingRequest(sequence: pending.sequence, target: pending.target, gossip: piggyback(for: helper))
                outbox.append(Envelope(destination(of: helper), request))
            }
        }
    }

    /// Round-robin over a shuffled cycle of the members worth probing (`probeCycle`), a new
    /// cycle drawn when one ends.
    private func nextProbeTarget() -> MemberView? {
        while true {
            if probing.order.isEmpty {
                probing.order = probeCycle()
                if probing.order.isEmpty { return nil }
            }
            let id = probing.order.removeLast()
            if let view = table[id], view.record.state == .alive || view.record.state == .suspect { return view }
        }
    }

    /// Who is asked to probe `target` when it did not answer: members of this node's province
    /// when it has live ones (failure detection stays within a province), else any.
    private func probeHelpers(for target: String) -> [MemberView] {
        if scope.isDivided {
            let own = randomPeers(configuration.indirectProbes, in: [.alive], excluding: [target], matching: scope.sharesStreams(with:))
            if !own.isEmpty { return own }
        }
        return randomPeers(configuration.indirectProbes, in: [.alive], excluding: [target])
    }

    /// One cycle of probe targets, shuffled: every member worth probing; with provinces,
    /// every one of this node's province and one of another (docs/design/provinces.md,
    /// "Membership"). Failure detection then runs within each province, whose members
    /// suspect and declare their own, and the news spreads nationally by gossip; the one
    /// probe across provinces per cycle is the national layer's, so that a node alone in its
    /// province, or a province cut off, is still probed from outside. A node probes as often
    /// as before (one member per interval), so the cost does not grow with the nation.
    private func probeCycle() -> [String] {
        let candidates = table.otherIDs(in: [.alive, .suspect])
        guard scope.isDivided else { return candidates.shuffled(using: &random) }
        var cycle = candidates.filter(scope.sharesStreams(with:))
        var across = candidates.filter { !scope.sharesStreams(with: $0) }
        // A small province probes outside more, so a cycle is never shorter than
        // `minProbeCycle`: its few members are probed from within all the same.
        for _ in 0..<min(across.count, max(1, Self.minProbeCycle - cycle.count)) {
            cycle.append(across.remove(at: Int.random(in: 0..<across.count, using: &random)))
        }
        return cycle.shuffled(using: &random)
    }

    /// The shortest probe cycle of a divided node. Why 8: a province of one or two nodes then
    /// still probes, and is probed by, several members of other provinces each cycle, while a
    /// real province (40 to 170 communes) probes one member outside per cycle.
    static let minProbeCycle = 8

    /// An ack: either for this node's own probe, or for one it relayed (passed back to the requester).
    func acknowledgeProbe(sequence: UInt64, from sender: String, outbox: inout Outbox) {
        if let pending = probing.pending, pending.sequence == sequence {
            probing.pending = nil
            return
        }
        guard let relayed = probing.relayed[sequence], relayed.target == sender else { return }
        probing.relayed[sequence] = nil
        reply(to: relayed.requester, .ack(sequence: relayed.requesterSequence, gossip: piggyback()), outbox: &outbox)
    }

    /// Probes `target` for `requester`, which could not reach it directly.
    func relayProbe(of target: String, for requester: String, sequence: UInt64, nowMs: Int64, outbox: inout Outbox) {
        guard let view = table[target], view.record.state != .retired, probing.relayed.count < ProbeState.maxRelayed else { return }
        let mine = probing.takeSequence()
        probing.relayed[mine] = ProbeState.Relayed(
            requester: requester, requesterSequence: sequence, target: target, expiresAtMs: nowMs + configuration.probeIntervalMs)
        outbox.append(Envelope(destination(of: view), .ping(sequence: mine, gossip: piggyback(for: view))))
    }

    /// Gossip for one recipient: if this node thinks the recipient is suspect or
    /// dead, it says so, so the recipient can refute at once.
    func piggyback(for recipient: MemberView) -> [MemberRecord] {
        var records = piggyback()
        if recipient.record.state != .alive, !records.contains(where: { $0.id == recipient.record.id }) {
            records.append(recipient.record)
        }
        return records
    }
}
