import CaseCore
/// Authority records (the API token registry today) replicated through the core:
/// anti-entropy by digest, plus an immediate push of every record stored here.
///
/// Every `tokenDigestIntervalMs` a node holding any record sends the registry's digest to
/// one random live peer. A peer whose digest differs answers with all its records and,
/// unless the digest was itself an answer, with its own digest, so the first node sends
/// back what the peer lacks: one round makes both equal, and answers never answer answers
/// (no ping-pong even if a record is refused forever). Records are merged all or nothing,
/// and only once the driver has stored them (`ReplicationOutput.storeTokens`).
extension ReplicationNode {
    /// Token records now durable at this node (created or revoked here, or held since it
    /// started): known to the core from now on, and pushed to every live peer.
    func takeLocalTokens(_ records: [TokenRecord], outbox: inout Outbox) {
        do {
            try tokens.merge(records)
        } catch {
            noteTokenRefusal(error)
            return
        }
        for peer in table.others(in: [.alive, .suspect]) {
            for chunk in Self.chunks(of: records) { outbox.append(Envelope(destination(of: peer), .tokenRecords(chunk))) }
        }
    }

    func runTokenTimer(nowMs: Int64, outbox: inout Outbox) {
        guard nowMs >= nextTokenDigestAtMs else { return }
        nextTokenDigestAtMs = nowMs + configuration.tokenDigestIntervalMs
        // A node holding none has nothing to offer; a peer holding some sends its digest here.
        guard tokens.count > 0, let peer = randomPeer(in: [.alive]) else { return }
        outbox.append(Envelope(destination(of: peer), .tokenDigest(tokens.digest, isReply: false)))
    }

    func receiveTokenDigest(_ theirs: TokenDigest, isReply: Bool, from sender: String, outbox: inout Outbox) {
        guard theirs != tokens.digest, let peer = table[sender], sender != selfID else { return }
        for chunk in Self.chunks(of: tokens.sorted) { outbox.append(Envelope(destination(of: peer), .tokenRecords(chunk))) }
        if !isReply { outbox.append(Envelope(destination(of: peer), .tokenDigest(tokens.digest, isReply: true))) }
    }

    /// Asks the driver to store what the records change here; the core learns them once stored.
    func receiveTokenRecords(_ records: [TokenRecord], from sender: String, outbox: inout Outbox) {
        guard table[sender] != nil, sender != selfID else { return }
        var merged = tokens
        let changed: [TokenRecord]
        do {
            changed = try merged.merge(records)
        } catch {
            noteTokenRefusal(error)
            return
        }
        if !changed.isEmpty { outbox.append(.storeTokens(changed, from: sender)) }
    }

    func tokensStored(_ outcome: TokenStoreOutcome) {
        if let error = outcome.error {
            noteStorageError(error)
            return
        }
        do {
            try tokens.merge(outcome.stored)
            statistics.tokenRecordsLearnt += Int64(outcome.stored.count)
        } catch {
            noteTokenRefusal(error)
        }
    }

    private func noteTokenRefusal(_ refusal: TokenMergeRefusal) {
        statistics.tokenRecordsRefused += 1
        statistics.lastTokenRefusal = refusal.reason
    }

    private static func chunks(of records: [TokenRecord]) -> [[TokenRecord]] {
        stride(from: 0, to: records.count, by: TokenLimits.maxRecordsPerMessage).map {
            Array(records[$0..<min($0 + TokenLimits.maxRecordsPerMessage, records.count)])
        }
    }
}
