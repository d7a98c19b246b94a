import CaseCore

/// Dossiers entering a province (docs/design/provinces.md): a step that brings a dossier
/// into this node's province (a transfer or handover to one of its centres) arrives in a
/// sparse stream without the dossier's earlier events, which are tagged with other
/// provinces only. The log counts such a dossier pending; each round this node asks a
/// holder of one of the dossier's other provinces for what it lacks, and stores each event
/// as far as its origin's signature vouches for it (`ImportedEventAuthentication`).
///
/// A step taken concurrently with the one that brought the dossier here is tagged without
/// this province; its writer, on learning that the dossier entered it, hints this
/// province's nodes (`historyHint`), which import again.
extension ReplicationNode {
    /// Once a round, with provinces: reads the dossiers awaiting history, if this node may ask
    /// more; and every `reconcileEvery`-th round, the next shared dossier to reconcile.
    func lookForImports(nowMs: Int64, outbox: inout Outbox) {
        guard scope.isDivided else { return }
        importsAsked = importsAsked.filter { nowMs - $0.value < configuration.pullTimeoutMs }
        guard importsAsked.count < configuration.importsPerRound else { return }
        outbox.append(.findImports(limit: configuration.importsPerRound))
        importRounds += 1
        if importRounds % max(configuration.reconcileEvery, 1) == 0 { outbox.append(.findShared(after: reconcileCursor)) }
    }

    /// Reconciliation: a dossier this node shares with another province is compared, one every
    /// `reconcileEvery` rounds in code order, with a live holder of another of its provinces
    /// (else of this node's own, which may have imported what this one missed). A step taken
    /// concurrently with the one that brought the dossier here, whose hint this node missed
    /// (it was down, or cut off), so reaches it all the same.
    func reconcile(_ shared: PendingImport?, nowMs: Int64, outbox: inout Outbox) {
        guard let shared, importsAsked[shared.dossier] == nil else { return }
        reconcileCursor = shared.dossier
        let others = Set(shared.provinces)
        let holder = randomPeer(in: [.alive], matching: { self.scope.province(ofNode: $0).map(others.contains) ?? false })
            ?? randomPeer(in: [.alive], matching: { self.scope.sharesStreams(with: $0) })
        guard let holder else { return }
        ask(holder.record.id, for: shared, nowMs: nowMs, outbox: &outbox)
    }

    /// Asks a holder for each pending dossier not asked for already, within the round's bound.
    func askForHistory(of pending: [PendingImport], nowMs: Int64, outbox: inout Outbox) {
        for item in pending where importsAsked[item.dossier] == nil && importsAsked.count < configuration.importsPerRound {
            guard let holder = holder(of: item) else { continue }
            ask(holder, for: item, nowMs: nowMs, outbox: &outbox)
        }
    }

    /// Why 256: a round asks for at most `importsPerRound` dossiers; this remembers the asks
    /// of thirty rounds, longer than any answer takes on a network that delivers it at all.
    static let maxRecentImportAsks = 256

    private func ask(_ holder: String, for item: PendingImport, nowMs: Int64, outbox: inout Outbox) {
        importsAsked[item.dossier] = nowMs
        recentImportAsks.append(item.dossier)
        if recentImportAsks.count > Self.maxRecentImportAsks { recentImportAsks.removeFirst(recentImportAsks.count - Self.maxRecentImportAsks) }
        statistics.importsAsked += 1
        reply(to: holder, .historyRequest(HistoryRequest(dossier: item.dossier, held: item.held)), outbox: &outbox)
    }

    /// Why 1,000: hints come with transfers into the province, a few a minute; a burst past
    /// this (a merger's handover) only loses the preference, not the import.
    static let maxHintedHolders = 1_000

    /// A member hints that it holds events of `dossier` this node's province lacks: the log
    /// counts the dossier pending, and the member is asked first.
    func receiveHistoryHint(about dossier: String, from sender: String, outbox: inout Outbox) {
        guard scope.isDivided else { return }
        if hintedHolders.count >= Self.maxHintedHolders { hintedHolders.removeAll() }
        hintedHolders[dossier] = sender
        outbox.append(.notePendingImport(dossier))
    }

    /// A live member of another province that holds the dossier: the one that hinted at it,
    /// else one that wrote events of it (it held the history when it did), else one of a
    /// province its events are tagged with.
    private func holder(of item: PendingImport) -> String? {
        if let hinted = hintedHolders.removeValue(forKey: item.dossier), table[hinted]?.record.state == .alive { return hinted }
        let writers = Set(item.writers.filter { $0 != selfID && !scope.sharesStreams(with: $0) })
        if let writer = randomPeer(in: [.alive], matching: { writers.contains($0) }) { return writer.record.id }
        let provinces = Set(item.provinces.filter { $0 != scope.province })
        return randomPeer(in: [.alive], matching: { self.scope.province(ofNode: $0).map(provinces.contains) ?? false })?.record.id
    }

    /// A node asks for a dossier's history (one of another province importing it, or one of
    /// this province reconciling it): the log reads what it may give.
    func receiveHistoryRequest(_ request: HistoryRequest, from sender: String, outbox: inout Outbox) {
        guard scope.isDivided, let province = scope.province(ofNode: sender) else { return }
        outbox.append(.readHistory(HistoryRead(
            peer: sender, province: province, request: request, maxEvents: configuration.maxBatchEvents, maxBytes: configuration.maxBatchBytes)))
    }

    /// Sends what the log read, or says it is not served (the asker then asks another holder).
    func answerHistory(_ read: HistoryRead, _ slice: HistorySlice?, outbox: inout Outbox) {
        let batch = EventBatch(events: slice?.events ?? [], senderVersionVector: VersionVector(), hasMore: slice?.hasMore ?? false, isPush: false)
        reply(to: read.peer, .history(HistoryAnswer(dossier: read.request.dossier, served: slice != nil, batch: batch)), outbox: &outbox)
    }

    /// An answer to this node's request: stored by the log; one not asked for lately is ignored.
    func receiveHistory(_ answer: HistoryAnswer, from sender: String, outbox: inout Outbox) {
        guard scope.isDivided, importsAsked[answer.dossier] != nil || recentImportAsks.contains(answer.dossier) else { return }
        guard answer.served else {
            importsAsked[answer.dossier] = nil
            return
        }
        outbox.append(.importHistory(answer, from: sender))
    }

    /// The log stored an answer: the dossier may be asked for again, at once if more remains.
    func historyImported(_ imported: HistoryImported, nowMs: Int64, outbox: inout Outbox) {
        importsAsked[imported.dossier] = nil
        statistics.eventsImported += Int64(imported.stored.count)
        if let error = imported.error { noteStorageError(error) }
        if imported.hasMore, imported.error == nil { lookForImports(nowMs: nowMs, outbox: &outbox) }
    }

    /// Tells every live member of each hint's province to import again: imported events are
    /// in no stream, so each node of the province imports them itself. A hint is a few dozen
    /// bytes and comes only when a dossier enters a province, so a province of a hundred
    /// members costs a few kilobytes a transfer. A member down at the time misses it (see
    /// docs/design/provinces.md, "Imports": reconciling shared dossiers is still to build).
    func sendImportHints(_ hints: [ImportHint], outbox: inout Outbox) {
        for hint in hints {
            for member in table.allSorted where member.record.state == .alive && member.record.id != selfID
                && scope.province(ofNode: member.record.id) == hint.province {
                reply(to: member.record.id, .historyHint(dossier: hint.dossier), outbox: &outbox)
            }
        }
    }
}
