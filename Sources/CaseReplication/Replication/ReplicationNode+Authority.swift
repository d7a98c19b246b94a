import CaseCore
/// Authority records (the API token registry today) replicated through the core:
/// anti-entropy by digest, plus an immediate push of every record stored here.
///
/// Every `tokenDigestIntervalMs` a node holding any record sends the registry's digest to
/// one random live peer. A peer whose digest differs answers with all its records and,
/// unless the digest was itself an answer, with its own digest, so the first node sends
/// back what the peer lacks: one round makes both equal, and answers never answer answers
/// (no ping-pong even if a record is refused forever). Records are merged only once the
/// driver has stored them (`ReplicationOutput.storeTokens`).
///
/// Every record from a peer is checked first (`TokenAuthority.check` under `tokenTrust`):
/// a record it refuses is dropped, counted and noted, and the others of the message are
/// taken, unless its signature did not check (then the rest of the message is refused too). Unsigned records travel as `tokenRecords` (kind 14, any session), signed
/// ones as `signedTokenRecords` (kind 15, which the transport sends on version-3 sessions only).
extension ReplicationNode {
    /// Token records now durable at this node (created or revoked here, or held since it
    /// started): known to the core from now on, and pushed to every live peer.
    func takeLocalTokens(_ records: [TokenRecord], outbox: inout Outbox) {
        do {
            try tokens.merge(records)
        } catch {
            noteTokenRefusal(error.reason)
            return
        }
        for peer in table.others(in: [.alive, .suspect]) { send(records, to: peer, outbox: &outbox) }
    }

    func runTokenTimer(nowMs: Int64, outbox: inout Outbox) {
        guard nowMs >= nextTokenDigestAtMs else { return }
        nextTokenDigestAtMs = nowMs + configuration.tokenDigestIntervalMs
        // The root's membership decisions are authority records too, on the same interval.
        runDecisionTimer(outbox: &outbox)
        runHolidayTimer(outbox: &outbox)
        runProvinceMergeTimer(outbox: &outbox)
        runCertificateTimer(nowMs: nowMs, outbox: &outbox)
        // A node holding none has nothing to offer; a peer holding some sends its digest here.
        guard tokens.count > 0, let peer = randomPeer(in: [.alive]) else { return }
        outbox.append(Envelope(destination(of: peer), .tokenDigest(tokens.digest, isReply: false)))
    }

    func receiveTokenDigest(_ theirs: TokenDigest, isReply: Bool, from sender: String, outbox: inout Outbox) {
        guard theirs != tokens.digest, let peer = table[sender], sender != selfID else { return }
        send(tokens.sorted, to: peer, outbox: &outbox)
        if !isReply { outbox.append(Envelope(destination(of: peer), .tokenDigest(tokens.digest, isReply: true))) }
    }

    /// Asks the driver to store what the records change here; the core learns them once
    /// stored. Records the authority rule refuses are left out, each counted.
    func receiveTokenRecords(_ records: [TokenRecord], from sender: String, outbox: inout Outbox) {
        guard table[sender] != nil, sender != selfID else { return }
        let admitted = admit(records, from: sender)
        var merged = tokens
        let change: TokenSetChange
        do {
            change = try merged.merge(admitted)
        } catch {
            noteTokenRefusal("from \(sender): \(error)")
            return
        }
        if !change.changed.isEmpty { outbox.append(.storeTokens(change.changed, from: sender)) }
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
            noteTokenRefusal(error.reason)
        }
    }

    /// The records the authority rule lets in. A record whose signature does not check
    /// also refuses the rest of its message: a member forwards only records it checked,
    /// so a forgery marks the sender as bad, and a forger's message costs this node one
    /// signature check, not a thousand.
    private func admit(_ records: [TokenRecord], from sender: String) -> [TokenRecord] {
        var admitted: [TokenRecord] = []
        for (index, record) in records.enumerated() {
            do {
                try TokenAuthority.check(record, held: tokens[record.key], trust: tokenTrust, signatures: signatures)
                admitted.append(record)
            } catch {
                noteTokenRefusal("from \(sender): \(error)")
                guard error.kind == .badSignature else { continue }
                for _ in records[(index + 1)...] { noteTokenRefusal("from \(sender): after a bad signature in the same message: \(error)") }
                break
            }
        }
        return admitted
    }

    private func noteTokenRefusal(_ reason: String) {
        statistics.tokenRecordsRefused += 1
        statistics.lastTokenRefusal = reason
    }

    /// Sends `records` to `peer`: unsigned ones as kind 14, signed ones as kind 15, in
    /// messages of at most `TokenLimits.maxRecordsPerMessage`.
    private func send(_ records: [TokenRecord], to peer: MemberView, outbox: inout Outbox) {
        let signed = records.filter { $0.issuer != nil }
        let unsigned = records.filter { $0.issuer == nil }
        for chunk in Self.chunks(of: unsigned) { outbox.append(Envelope(destination(of: peer), .tokenRecords(chunk))) }
        for chunk in Self.chunks(of: signed) { outbox.append(Envelope(destination(of: peer), .signedTokenRecords(chunk))) }
    }

    private static func chunks(of records: [TokenRecord]) -> [[TokenRecord]] {
        stride(from: 0, to: records.count, by: TokenLimits.maxRecordsPerMessage).map {
            Array(records[$0..<min($0 + TokenLimits.maxRecordsPerMessage, records.count)])
        }
    }
}
