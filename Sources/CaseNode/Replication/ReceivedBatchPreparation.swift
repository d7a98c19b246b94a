import CaseCore
import Dispatch
import Synchronization

/// What a connection thread works out for a received batch before the one writer stores
/// it, on every core: each event checked, its payload proven NFC and a filing decoded and
/// folded (`ChangeEvent.preparation`), and each origin's chain links
/// (`ChangeEvent.link(after:)`). Both are pure; the writer takes
/// a link only if it follows the link it holds, so a guess that turns out wrong costs a hash.
///
/// The work is done reading the events in place and attached to them once at the end: an
/// event copied for each piece of work retained its strings and arrays again, from both
/// cores at once, and that was a tenth of a receiving node's CPU.
public final class ReceivedBatchPreparation: Sendable {
    /// The link stored for an event, if the node holds it (`ReplicaLog.event`).
    private let storedLink: @Sendable (EventID) -> [UInt8]?
    /// The last link worked out per origin: a catch-up's next batch goes on from there
    /// before the writer has stored this one, so the store cannot tell it yet.
    private let lastLinked = Mutex<[String: (sequence: Int64, link: [UInt8])]>([:])

    /// Why 64: large enough that handing a chunk to another thread costs little beside
    /// preparing it (about 40 µs an event), small enough that a 500-event batch spreads.
    static let chunk = 64

    public init(storedLink: @escaping @Sendable (EventID) -> [UInt8]?) {
        self.storedLink = storedLink
    }

    /// `events`, in their order, prepared and linked. `onEveryCore`: false does it all on
    /// this thread (for `casebench apply --cpu`, which reads this thread's CPU clock).
    public func prepare(_ events: [ChangeEvent], onEveryCore: Bool = true) -> [ChangeEvent] {
        let runs = linkRuns(events)
        let chunks = (events.count + Self.chunk - 1) / Self.chunk
        let preparations = Mutex([[EventPreparation]](repeating: [], count: chunks))
        let links = Mutex([[[UInt8]]](repeating: [], count: runs.count))
        // Runs first: each is one task, longer than a chunk, so it should not start last.
        @Sendable func task(_ index: Int) {
            if index < runs.count {
                let done = Self.links(of: runs[index], in: events)
                links.withLock { $0[index] = done }
            } else {
                let chunk = index - runs.count
                let done = events.withUnsafeBufferPointer { events in
                    (chunk * Self.chunk..<min(events.count, (chunk + 1) * Self.chunk)).map { events[$0].preparation() }
                }
                preparations.withLock { $0[chunk] = done }
            }
        }
        // A push of a few events is worked out where it is.
        if onEveryCore && events.count > Self.chunk {
            DispatchQueue.concurrentPerform(iterations: chunks + runs.count, execute: task)
        } else {
            for index in 0..<chunks + runs.count { task(index) }
        }
        return attached(to: events, preparations: preparations.withLock { $0.flatMap { $0 } }, runs: runs, links: links.withLock { $0 })
    }

    /// One origin's events of a batch that follow one another, from one whose previous link is known.
    struct LinkRun {
        let indices: [Int]
        let previous: [UInt8]
    }

    /// Per origin, the run of consecutive sequences from its first event in the batch, if the
    /// link before it is known: the genesis, the last one worked out, or the stored one.
    private func linkRuns(_ events: [ChangeEvent]) -> [LinkRun] {
        let byOrigin = Dictionary(grouping: events.indices, by: { events[$0].origin })
        return byOrigin.keys.sorted().compactMap { origin in
            let indices = byOrigin[origin]!.sorted { events[$0].sequence < events[$1].sequence }  // a key of the grouping
            var run = [indices[0]]
            for index in indices.dropFirst() where events[index].sequence == events[run[run.count - 1]].sequence + 1 {
                run.append(index)
            }
            guard let previous = previousLink(before: events[run[0]].id) else { return nil }
            return LinkRun(indices: run, previous: previous)
        }
    }

    private func previousLink(before id: EventID) -> [UInt8]? {
        if id.sequence == 1 { return EventChain.genesis(origin: id.origin) }
        let cached = lastLinked.withLock { $0[id.origin] }
        if let cached, cached.sequence == id.sequence - 1 { return cached.link }
        guard let stored = storedLink(EventID(origin: id.origin, sequence: id.sequence - 1)),
              stored.count == EventChain.linkByteCount else { return nil }
        return stored
    }

    /// The link of each of the run's events, in the run's order, each after the one before.
    private static func links(of run: LinkRun, in events: [ChangeEvent]) -> [[UInt8]] {
        var previous = run.previous
        return events.withUnsafeBufferPointer { events in
            run.indices.map { index in
                previous = events[index].link(after: previous)
                return previous
            }
        }
    }

    /// `events` with the preparations and links worked out beside them; remembers each run's last link.
    private func attached(to events: [ChangeEvent], preparations: [EventPreparation], runs: [LinkRun], links: [[[UInt8]]]) -> [ChangeEvent] {
        var linkOf = [(previous: [UInt8], link: [UInt8])?](repeating: nil, count: events.count)
        for (run, runLinks) in zip(runs, links) {
            var previous = run.previous
            for (index, link) in zip(run.indices, runLinks) {
                linkOf[index] = (previous, link)
                previous = link
            }
            if let last = run.indices.last, let link = runLinks.last {
                lastLinked.withLock { $0[events[last].origin] = (events[last].sequence, link) }
            }
        }
        var result = events
        for index in result.indices { result[index].attach(preparations[index], link: linkOf[index]) }
        return result
    }
}
