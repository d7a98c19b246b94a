import CaseCore
/// Log shipping: periodic pulls with version vectors (completeness), fast
/// pushes of new events (latency), and batches that stream a lagging node up to date.
extension ReplicationNode {
    /// Anti-entropy: ask one random live peer for whatever this node lacks.
    func startSync(nowMs: Int64, outbox: inout Outbox) {
        guard let peer = periodicSyncPeer(nowMs: nowMs) else { return }
        requestSync(from: peer.record.id, nowMs: nowMs, outbox: &outbox)
    }

    /// Without provinces, any live peer. With them, mostly one of this node's province
    /// (which holds the same streams), and every `crossProvinceSyncEvery`-th pull one of
    /// another (whose origins' events tagged with this province enter it so); either kind
    /// when the other is lacking.
    private func periodicSyncPeer(nowMs: Int64) -> MemberView? {
        guard scope.isDivided else { return randomPeer(in: [.alive]) }
        // A pull still in flight is not replaced (`requestSync`): this turn does not count, so a
        // node that is catching up keeps its turns at other provinces.
        if let pull = pullInFlight, nowMs - pull.lastHeardMs < configuration.pullTimeoutMs { return nil }
        periodicPulls += 1
        let shares = { (id: String) in self.scope.sharesStreams(with: id) }
        let across = periodicPulls % max(configuration.crossProvinceSyncEvery, 1) == 0
        let preferred = randomPeer(in: [.alive], matching: { shares($0) != across })
        return preferred ?? randomPeer(in: [.alive], matching: { shares($0) == across })
    }

    /// Pulls from `peer` unless a pull (to any peer) is still unanswered (see `pullTimeoutMs`).
    /// One at a time: another pull, to a peer that holds the same events, would fetch them
    /// twice; a node catching up on 100,000 events spent its time decoding duplicates and
    /// fell further behind with every window.
    func requestSync(from peer: String, nowMs: Int64, outbox: inout Outbox) {
        if let pull = pullInFlight, nowMs - pull.lastHeardMs < configuration.pullTimeoutMs { return }
        statistics.syncRounds += 1
        pullInFlight = PullInFlight(peer: peer, lastHeardMs: nowMs)
        sendPull(to: peer, outbox: &outbox)
    }

    /// Answers a pull with the events the peer lacks (possibly none), and this node's own vector.
    /// If the peer holds more than one batch this node lacks, this node pulls them itself (the
    /// peer sends back only what fits one batch, see `continueSync`): its pull is the one in
    /// flight, so the events are not fetched twice. A pull replaces an answer still going to
    /// the peer: it pulls again only when that one stopped reaching it.
    func answerSync(from peer: String, theirs: VersionVector, nowMs: Int64, outbox: inout Outbox) {
        guard scope.sharesStreams(with: peer) else {
            answerSync(fromOtherProvince: peer, theirs: theirs, outbox: &outbox)
            return
        }
        notePeerVector(theirs, of: peer)
        pacedAnswers[peer] = nil
        sendLackingEvents(to: peer, theirs: theirs, maxBatches: configuration.maxBatchesPerSyncAnswer, always: true, paced: true, outbox: &outbox)
        if !fitsOneBatch(versionVector.missingCount(comparedTo: theirs)) { requestSync(from: peer, nowMs: nowMs, outbox: &outbox) }
    }

    /// Answers a pull from a node of another province with the events tagged with its
    /// province that it lacks, in its keys (the log reads them: `LogRead.servingProvince`).
    /// A peer the directory cannot place gets an empty answer: this node can tell nothing
    /// it may be given. Its vector is not noted: its keys are not this node's.
    private func answerSync(fromOtherProvince peer: String, theirs: VersionVector, outbox: inout Outbox) {
        guard let province = scope.province(ofNode: peer) else {
            send(EventBatch(events: [], senderVersionVector: VersionVector(), hasMore: false, isPush: false), to: peer, outbox: &outbox)
            return
        }
        outbox.append(.read(LogRead(
            peer: peer, after: theirs, maxEvents: configuration.maxBatchEvents, maxBytes: configuration.maxBatchBytes,
            mine: VersionVector(), batchesLeft: configuration.answerWindowBatches, always: true, servingProvince: province)))
    }

    /// Whether `missing` events are few enough to be sent back with an answer (one batch).
    private func fitsOneBatch(_ missing: Int64) -> Bool {
        missing <= Int64(configuration.maxBatchEvents)
    }

    /// Streams `peer` what it lacks according to `theirs`, in up to `maxBatches` batches read
    /// one at a time (`readCompleted`); all but the last say `continues`, and the last says
    /// `hasMore` if even they were not all. When `always`, an empty batch answers when nothing
    /// is lacking. When `paced`, the answer goes on as the peer acknowledges (`PacedAnswer`).
    private func sendLackingEvents(
        to peer: String, theirs: VersionVector, maxBatches: Int, always: Bool, paced: Bool = false, outbox: inout Outbox
    ) {
        guard !theirs.covers(versionVector) else {
            if always { sendEmptyAnswer(to: peer, mine: versionVector, theirs: theirs, outbox: &outbox) }
            return
        }
        outbox.append(.read(LogRead(
            peer: peer, after: theirs, maxEvents: configuration.maxBatchEvents, maxBytes: configuration.maxBatchBytes,
            mine: versionVector, batchesLeft: maxBatches, always: always, isPaced: paced)))
    }

    /// Sends one batch of an answer, and reads the next unless this one ends it. An empty or
    /// failed read ends the answer: with an empty batch if one is owed (the answer must end,
    /// or the asker waits out its pull). A failed read does not say `hasMore`: the asker would
    /// pull again at once, and a log that cannot be read (a damaged database) would be asked
    /// again and again; its next periodic pull goes to a random peer instead.
    func readCompleted(_ request: LogRead, _ result: LogReadResult, outbox: inout Outbox) {
        var events: [ChangeEvent] = []
        var failed = false
        switch result {
        case .events(let read):
            events = read
        case .failed(let description):
            noteStorageError(description)
            failed = true
        }
        var after = request.after
        for event in events {
            // Dense keys advance one by one (a gap stops them); a sparse stream's sequences have gaps by nature.
            let keys = request.servingProvince.map { scope.sparseKeys(of: event, inProvince: $0) } ?? scope.keys(of: event)
            for key in keys {
                let extends = key == event.origin ? event.sequence == after[key] + 1 : event.sequence > after[key]
                if extends { after.advance(key, to: event.sequence) }
            }
        }
        let progressed = after != request.after
        let isLast = !progressed || after.covers(request.mine) || request.batchesLeft <= 1
        if events.isEmpty, request.batchesSent == 0, !request.always { return }
        let hasMore = isLast && !failed && !after.covers(request.mine)
        if events.isEmpty, request.batchesSent == 0, !hasMore {
            sendEmptyAnswer(to: request.peer, mine: request.mine, theirs: request.after, outbox: &outbox)
            return
        }
        let batch = EventBatch(events: events, senderVersionVector: request.mine, hasMore: hasMore, isPush: false, continues: !isLast)
        noteSent(request.mine, to: request.peer)
        send(batch, to: request.peer, outbox: &outbox)
        if request.isPaced { notePacedBatch(to: request.peer, endingAt: after, isLast: isLast) }
        guard !isLast else { return }
        var next = request
        next.after = after
        next.batchesLeft -= 1
        next.batchesSent += 1
        readNext(next, outbox: &outbox)
    }

    /// Notes a batch of a paced answer sent; the last one ends the answer.
    private func notePacedBatch(to peer: String, endingAt end: VersionVector, isLast: Bool) {
        guard !isLast else {
            pacedAnswers[peer] = nil
            return
        }
        pacedAnswers[peer, default: PacedAnswer(nowMs: clockMs)].sent(endingAt: end)
    }

    /// Reads an answer's next batch now, or, when a paced answer has its window on the way,
    /// once the peer acknowledges one (`resumeAnswer`).
    private func readNext(_ next: LogRead, outbox: inout Outbox) {
        guard next.isPaced, var paced = pacedAnswers[next.peer] else {
            outbox.append(.read(next))
            return
        }
        if paced.hasRoom(window: configuration.answerWindowBatches) {
            outbox.append(.read(next))
        } else {
            paced.waiting = next
            pacedAnswers[next.peer] = paced
        }
    }

    /// Takes `peer`'s acknowledgement of what it stored: the answer going to it goes on
    /// (`PacedAnswer.acknowledge`).
    func resumeAnswer(to peer: String, acknowledged held: VersionVector, nowMs: Int64, outbox: inout Outbox) {
        guard var paced = pacedAnswers[peer] else { return }
        let next = paced.acknowledge(held, nowMs: nowMs, window: configuration.answerWindowBatches)
        pacedAnswers[peer] = paced
        if let next { outbox.append(.read(next)) }
    }

    /// Drops the answers whose peer was not heard of for `pullTimeoutMs`: it has pulled
    /// again by then, or is gone.
    func expirePacedAnswers(nowMs: Int64) {
        guard !pacedAnswers.isEmpty else { return }
        pacedAnswers = pacedAnswers.filter { !$0.value.hasExpired(nowMs: nowMs, timeoutMs: configuration.pullTimeoutMs) }
    }

    /// Takes in received batches: notes what their senders hold, and asks for their events
    /// to be stored together; `batchesApplied` answers each once they are.
    func receiveBatches(_ received: [ReceivedBatch], outbox: inout Outbox) {
        guard !received.isEmpty else { return }
        statistics.batchesReceived += Int64(received.count)
        statistics.batchGroupsReceived += 1
        for item in received {
            let events = Int64(item.batch.events.count)
            if item.batch.isPush { statistics.eventsReceivedPushed += events } else { statistics.eventsReceivedPulled += events }
            if scope.sharesStreams(with: item.sender) { notePeerVector(item.batch.senderVersionVector, of: item.sender) }
            // A push's vector is left out: one to another province is empty, not the sender's.
            if !item.batch.isPush { noteReceived(item.batch.senderVersionVector, from: item.sender) }
            askForMergersIfStray(item.batch, from: item.sender, outbox: &outbox)
        }
        outbox.append(.apply(received))
    }

    /// Once received batches are stored: answers each as it asks: an ack, forwarding a push's
    /// new events, or the next pull.
    func batchesApplied(_ outcome: ApplyOutcome, nowMs: Int64, outbox: inout Outbox) {
        for error in outcome.errors { noteStorageError(error) }
        statistics.eventsApplied += Int64(outcome.stored.count)
        absorbApplied(outcome)
        sendImportHints(outcome.hints, outbox: &outbox)
        let mine = versionVector
        var forwarded = Set<EventID>()
        var acknowledged = Set<String>()
        for (index, item) in outcome.batches.enumerated() where !outcome.refused.contains(index) {
            let batch = item.batch, peer = item.sender
            if !batch.events.isEmpty, acknowledged.insert(peer).inserted { reply(to: peer, .batchAck(versionVector: mine), outbox: &outbox) }
            if batch.isPush {
                // Each newly stored event is forwarded once, with the first batch that brought it.
                let ids = Set(batch.events.map(\.id))
                let new = outcome.stored.filter { ids.contains($0.id) && forwarded.insert($0.id).inserted }
                if !new.isEmpty, !originReachedEveryone(batch, from: peer) { push(new, excluding: peer, outbox: &outbox) }
                // A push this node could not use (events before the pushed ones are missing) means
                // it is behind that origin: catch up now. Not merely because the sender holds more:
                // under load a sender always does (what committed after the push left), and pulling
                // that fetched every event a second time, ahead of its own push.
                if batch.events.contains(where: { event in scope.keys(of: event).contains { mine[$0] < event.sequence } }) { requestSync(from: peer, nowMs: nowMs, outbox: &outbox) }
                continue
            }
            continueSync(after: batch, from: peer, mine: mine, nowMs: nowMs, outbox: &outbox)
        }
    }

    /// Advances the version vector by what an apply stored (each extends its origin's
    /// prefix), and by the log's own reading when there is one.
    private func absorbApplied(_ outcome: ApplyOutcome) {
        for event in outcome.stored {
            for key in scope.keys(extendedBy: event, heads: { versionVector[$0] }) where event.sequence > versionVector[key] {
                versionVector.advance(key, to: event.sequence)
            }
        }
        // The log's reading may predate a merger this core took in: its stale keys stay out.
        if let read = outcome.versionVector { versionVector = scope.held(versionVector.merged(with: read)) }
    }

    /// After a batch that answered a pull: wait for the rest of the answer, ask for more,
    /// or send the peer what it lacks in turn.
    private func continueSync(after batch: EventBatch, from peer: String, mine: VersionVector, nowMs: Int64, outbox: inout Outbox) {
        // The rest of this answer is on its way: asking now would only fetch it twice. The pull
        // is still alive while its batches keep coming, however long the whole answer takes.
        let answersOurPull = pullInFlight?.peer == peer
        if batch.continues {
            if answersOurPull { pullInFlight?.lastHeardMs = nowMs }
            return
        }
        if answersOurPull { pullInFlight = nil }
        if batch.hasMore {
            requestSync(from: peer, nowMs: nowMs, outbox: &outbox)
        } else if scope.sharesStreams(with: peer), !batch.senderVersionVector.covers(mine),
                  fitsOneBatch(batch.senderVersionVector.missingCount(comparedTo: mine)) {
            // The exchange goes both ways: the peer lacks a little this node holds. When it
            // lacks more it pulls (see `answerSync`), one pull at a time: streamed from here as
            // well, every event would reach it twice.
            sendLackingEvents(to: peer, theirs: batch.senderVersionVector, maxBatches: 1, always: false, outbox: &outbox)
        }
    }

    /// Whether `sender` wrote every event of the push itself and, as this node sees the
    /// cluster, had no more than `pushFanout` live peers: it pushed to all of them, so
    /// forwarding would only send each event again to nodes that hold it (in a cluster of
    /// 3 every event arrived twice at every node). A member the origin missed because the
    /// two views differ gets the events from its next pull.
    func originReachedEveryone(_ batch: EventBatch, from sender: String) -> Bool {
        table.otherCount(in: .alive) <= configuration.pushFanout && batch.events.allSatisfy { $0.origin == sender }
    }

    /// Fast path: new events go straight to a few random live peers; each forwards
    /// what it newly applies once, so a filing spreads in O(log N) hops.
    func push(_ events: [ChangeEvent], excluding sender: String?, outbox: inout Outbox) {
        guard !events.isEmpty else { return }
        let mine = versionVector
        statistics.pushes += 1
        let excluded: Set<String> = sender.map { [$0] } ?? []
        guard scope.isDivided else {
            let chunks = chunked(events)
            for peer in randomPeers(configuration.pushFanout, in: [.alive], excluding: excluded) {
                for chunk in chunks { pushBatch(chunk, vector: mine, to: peer.record.id, outbox: &outbox) }
            }
            return
        }
        // Every event this node holds is tagged with its province: its own province's members take them all.
        let chunks = chunked(events)
        for peer in randomPeers(configuration.pushFanout, in: [.alive], excluding: excluded, matching: scope.sharesStreams(with:)) {
            for chunk in chunks { pushBatch(chunk, vector: mine, to: peer.record.id, outbox: &outbox) }
        }
        // Only their origin pushes events to other provinces; there they spread within the province.
        if sender == nil { pushToOtherProvinces(events, outbox: &outbox) }
    }

    /// Sends each other province an event is tagged with its events, to a few of its live
    /// members. No vector goes with them: its keys would not be the receivers'.
    private func pushToOtherProvinces(_ events: [ChangeEvent], outbox: inout Outbox) {
        let provinces = Set(events.flatMap { $0.tags.map { scope.directory.resolve($0.province) } }).subtracting([scope.province].compactMap { $0 })
        for province in provinces.sorted() {
            let tagged = chunked(events.filter { scope.mayReceive($0, inProvince: province) })
            let members = randomPeers(
                configuration.crossProvincePushFanout, in: [.alive], excluding: [], matching: { self.scope.province(ofNode: $0) == province })
            for peer in members {
                for chunk in tagged { pushBatch(chunk, vector: VersionVector(), to: peer.record.id, outbox: &outbox) }
            }
        }
    }

    private func pushBatch(_ events: [ChangeEvent], vector: VersionVector, to peer: String, outbox: inout Outbox) {
        send(EventBatch(events: events, senderVersionVector: vector, hasMore: false, isPush: true), to: peer, outbox: &outbox)
    }

    private func send(_ batch: EventBatch, to peer: String, outbox: inout Outbox) {
        statistics.batchesSent += 1
        statistics.eventsShipped += Int64(batch.events.count)
        reply(to: peer, .eventBatch(batch), outbox: &outbox)
    }

    /// Splits pushed events into batches bounded by count and by estimated size, as pulled
    /// batches are: a batch over the frame limit would be dropped by the transport.
    private func chunked(_ events: [ChangeEvent]) -> [[ChangeEvent]] {
        var chunks: [[ChangeEvent]] = []
        var current: [ChangeEvent] = []
        var currentBytes = 0
        for event in events {
            let bytes = event.estimatedEncodedBytes
            if !current.isEmpty, current.count >= configuration.maxBatchEvents || currentBytes + bytes > configuration.maxBatchBytes {
                chunks.append(current)
                current = []
                currentBytes = 0
            }
            current.append(event)
            currentBytes += bytes
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// Gossip to piggyback on a message for member `id`.
    func gossip(for id: String) -> [MemberRecord] {
        table[id].map { piggyback(for: $0) } ?? piggyback()
    }
}
