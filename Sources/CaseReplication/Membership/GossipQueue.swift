import CaseCore
/// Membership changes waiting to be piggybacked on outgoing messages.
///
/// Each change is sent a bounded number of times (see
/// `ReplicationConfiguration.retransmitLimit`), least-sent first, and a newer
/// change about the same member replaces an older one still queued. A change
/// not sent out within its lifetime is dropped unsent (see `gossipLifetimeMs`).
///
/// The queue is a max-heap on (sends left, order), so taking the `limit`
/// records due next costs O(limit · log n) instead of a pass over the queue,
/// which holds up to one change per member: while a cluster of thousands forms,
/// every message a node sent paid for a pass over thousands of entries.
struct GossipQueue {
    private struct Entry {
        var record: MemberRecord
        var sendsLeft: Int
        var order: UInt64
        var expiresAtMs: Int64
    }

    /// A heap slot; stale once its member's entry was replaced or sent (its numbers no longer match).
    private struct Slot {
        var sendsLeft: Int
        var order: UInt64
        var id: String

        /// Sent first: more sends left, then queued later. Orders are unique, so this is a total order.
        func precedes(_ other: Slot) -> Bool { (sendsLeft, order) > (other.sendsLeft, other.order) }
    }

    private var entries: [String: Entry] = [:]
    private var heap: [Slot] = []
    private var nextOrder: UInt64 = 0

    /// A bound on queued changes: one per member at most, so it is the member count.
    var count: Int { entries.count }

    mutating func enqueue(_ record: MemberRecord, sends: Int, expiresAtMs: Int64) {
        nextOrder += 1
        let entry = Entry(record: record, sendsLeft: max(sends, 1), order: nextOrder, expiresAtMs: expiresAtMs)
        entries[record.id] = entry
        push(Slot(sendsLeft: entry.sendsLeft, order: entry.order, id: record.id))
        // Replaced entries leave stale slots behind; past this many, rebuilding (O(n)) is cheaper than carrying them.
        if heap.count > 2 * entries.count + 64 { rebuildHeap() }
    }

    /// Up to `limit` records to piggyback, each counted as sent once; those expired at
    /// `nowMs` met on the way are dropped.
    mutating func take(limit: Int, nowMs: Int64) -> [MemberRecord] {
        var chosen: [Entry] = []
        while chosen.count < limit, let top = popTop() {
            guard let entry = entries[top.id], entry.order == top.order, entry.sendsLeft == top.sendsLeft else { continue }
            guard nowMs < entry.expiresAtMs else {
                entries[top.id] = nil
                continue
            }
            chosen.append(entry)
        }
        for var entry in chosen {
            if entry.sendsLeft <= 1 {
                entries[entry.record.id] = nil
            } else {
                entry.sendsLeft -= 1
                entries[entry.record.id] = entry
                push(Slot(sendsLeft: entry.sendsLeft, order: entry.order, id: entry.record.id))
            }
        }
        return chosen.map(\.record).sorted { $0.id < $1.id }
    }

    // MARK: - Heap

    private mutating func push(_ slot: Slot) {
        heap.append(slot)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() -> Slot? {
        guard let top = heap.first else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        siftDown(from: 0)
        return top
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }

    private mutating func rebuildHeap() {
        heap = entries.values.map { Slot(sendsLeft: $0.sendsLeft, order: $0.order, id: $0.record.id) }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(from: index) }
    }
}
