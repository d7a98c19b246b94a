/// Log shipping: periodic pulls with version vectors (completeness), fast
/// pushes of new events (latency), and batches that stream a lagging node up to date.
extension ReplicationNode {
    /// Anti-entropy: ask one random live peer for whatever this node lacks.
    func startSync(nowMs: Int64, outbox: inout [Envelope]) {
        guard let peer = randomPeer(in: [.alive]) else { return }
        requestSync(from: peer.record.id, nowMs: nowMs, outbox: &outbox)
    }

    /// Pulls from `peer` unless a pull (to any peer) is still unanswered (see `pullTimeoutMs`).
    /// One at a time: another pull, to a peer that holds the same events, would fetch them
    /// twice; a node catching up on 100,000 events spent its time decoding duplicates and
    /// fell further behind with every window.
    func requestSync(from peer: String, nowMs: Int64, outbox: inout [Envelope]) {
        if let pull = pullInFlight, nowMs - pull.lastHeardMs < configuration.pullTimeoutMs { return }
        guard let vector = readVersionVector() else { return }
        statistics.syncRounds += 1
        pullInFlight = PullInFlight(peer: peer, lastHeardMs: nowMs)
        reply(to: peer, .syncRequest(SyncRequest(versionVector: vector, gossip: gossip(for: peer))), outbox: &outbox)
    }

    /// Answers a pull with the events the peer lacks (possibly none), and this node's own vector.
    /// If the peer holds more than one batch this node lacks, this node pulls them itself (the
    /// peer sends back only what fits one batch, see `continueSync`): its pull is the one in
    /// flight, so the events are not fetched twice.
    func answerSync(from peer: String, theirs: VersionVector, nowMs: Int64, outbox: inout [Envelope]) {
        table.noteVersionVector(theirs, of: peer)
        guard let mine = readVersionVector() else { return }
        sendLackingEvents(to: peer, theirs: theirs, mine: mine, maxBatches: configuration.batchesPerSyncAnswer, always: true, outbox: &outbox)
        if !fitsOneBatch(mine.missingCount(comparedTo: theirs)) { requestSync(from: peer, nowMs: nowMs, outbox: &outbox) }
    }

    /// Whether `missing` events are few enough to be sent back with an answer (one batch).
    private func fitsOneBatch(_ missing: Int64) -> Bool {
        missing <= Int64(configuration.maxBatchEvents)
    }

    /// Streams `peer` what it lacks according to `theirs` (this node holding `mine`), in up to
    /// `maxBatches` batches; all but the last say `continues`, and the last says `hasMore` if
    /// even they were not all. When `always`, an empty batch answers when nothing is lacking.
    private func sendLackingEvents(
        to peer: String, theirs: VersionVector, mine: VersionVector, maxBatches: Int, always: Bool, outbox: inout [Envelope]
    ) {
        var after = theirs
        var batches: [[ChangeEvent]] = []
        while batches.count < maxBatches, !after.covers(mine) {
            let events: [ChangeEvent]
            do {
                events = try log.events(missingFrom: after, maxEvents: configuration.maxBatchEvents, maxBytes: configuration.maxBatchBytes)
            } catch {
                noteStorageError(error)
                break
            }
            guard !events.isEmpty else { break }
            for event in events where event.sequence == after[event.origin] + 1 { after.advance(event.origin, to: event.sequence) }
            batches.append(events)
        }
        if batches.isEmpty, always { batches = [[]] }
        for (index, events) in batches.enumerated() {
            let isLast = index == batches.count - 1
            let batch = EventBatch(
                events: events, senderVersionVector: mine, hasMore: isLast && !after.covers(mine), isPush: false, continues: !isLast)
            send(batch, to: peer, outbox: &outbox)
        }
    }

    /// Applies the batches' events together, then answers each batch as it asks: an ack,
    /// forwarding a push's new events, or the next pull.
    func receiveBatches(_ received: [ReceivedBatch], nowMs: Int64, outbox: inout [Envelope]) {
        guard !received.isEmpty else { return }
        statistics.batchesReceived += Int64(received.count)
        for item in received {
            let events = Int64(item.batch.events.count)
            if item.batch.isPush { statistics.eventsReceivedPushed += events } else { statistics.eventsReceivedPulled += events }
            table.noteVersionVector(item.batch.senderVersionVector, of: item.sender)
        }
        let (stored, refused) = applyAll(received)
        statistics.eventsApplied += Int64(stored.count)
        guard let mine = readVersionVector() else { return }
        var forwarded = Set<EventID>()
        var acknowledged = Set<String>()
        for (index, item) in received.enumerated() where !refused.contains(index) {
            let batch = item.batch, peer = item.sender
            if !batch.events.isEmpty, acknowledged.insert(peer).inserted { reply(to: peer, .batchAck(versionVector: mine), outbox: &outbox) }
            if batch.isPush {
                // Each newly stored event is forwarded once, with the first batch that brought it.
                let ids = Set(batch.events.map(\.id))
                let new = stored.filter { ids.contains($0.id) && forwarded.insert($0.id).inserted }
                if !new.isEmpty, !originReachedEveryone(batch, from: peer) { push(new, excluding: peer, outbox: &outbox) }
                // A push this node could not use (events before the pushed ones are missing) means
                // it is behind that origin: catch up now. Not merely because the sender holds more:
                // under load a sender always does (what committed after the push left), and pulling
                // that fetched every event a second time, ahead of its own push.
                if batch.events.contains(where: { mine[$0.origin] < $0.sequence }) { requestSync(from: peer, nowMs: nowMs, outbox: &outbox) }
                continue
            }
            continueSync(after: batch, from: peer, mine: mine, nowMs: nowMs, outbox: &outbox)
        }
    }

    /// Stores the events of every batch in one `log.apply` (one transaction for a database).
    /// If the log refuses that (one invalid event refuses the whole call), batch by batch,
    /// so one peer's bad batch does not hold back the others'. Returns the events newly
    /// stored, and the positions of the batches refused (noted as storage errors).
    private func applyAll(_ received: [ReceivedBatch]) -> (stored: [ChangeEvent], refused: Set<Int>) {
        if received.count > 1, let stored = try? log.apply(received.flatMap(\.batch.events)) { return (stored, []) }
        var stored: [ChangeEvent] = []
        var refused = Set<Int>()
        for (index, item) in received.enumerated() {
            do {
                stored += try log.apply(item.batch.events)
            } catch {
                noteStorageError(error)
                refused.insert(index)
            }
        }
        return (stored, refused)
    }

    /// After a batch that answered a pull: wait for the rest of the answer, ask for more,
    /// or send the peer what it lacks in turn.
    private func continueSync(after batch: EventBatch, from peer: String, mine: VersionVector, nowMs: Int64, outbox: inout [Envelope]) {
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
        } else if !batch.senderVersionVector.covers(mine), fitsOneBatch(batch.senderVersionVector.missingCount(comparedTo: mine)) {
            // The exchange goes both ways: the peer lacks a little this node holds. When it
            // lacks more it pulls (see `answerSync`), one pull at a time: streamed from here as
            // well, every event would reach it twice.
            sendLackingEvents(to: peer, theirs: batch.senderVersionVector, mine: mine, maxBatches: 1, always: false, outbox: &outbox)
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
    func push(_ events: [ChangeEvent], excluding sender: String?, outbox: inout [Envelope]) {
        guard !events.isEmpty, let mine = readVersionVector() else { return }
        statistics.pushes += 1
        let excluded: Set<String> = sender.map { [$0] } ?? []
        let chunks = chunked(events)
        for peer in randomPeers(configuration.pushFanout, in: [.alive], excluding: excluded) {
            for chunk in chunks {
                send(EventBatch(events: chunk, senderVersionVector: mine, hasMore: false, isPush: true), to: peer.record.id, outbox: &outbox)
            }
        }
    }

    private func send(_ batch: EventBatch, to peer: String, outbox: inout [Envelope]) {
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

    func readVersionVector() -> VersionVector? {
        do {
            return try log.versionVector()
        } catch {
            noteStorageError(error)
            return nil
        }
    }

    /// Gossip to piggyback on a message for member `id`.
    func gossip(for id: String) -> [MemberRecord] {
        table[id].map { piggyback(for: $0) } ?? piggyback()
    }
}
