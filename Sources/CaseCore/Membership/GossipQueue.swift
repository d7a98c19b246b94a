/// Membership changes waiting to be piggybacked on outgoing messages.
///
/// Each change is sent a bounded number of times (see
/// `ReplicationConfiguration.retransmitLimit`), least-sent first, and a newer
/// change about the same member replaces an older one still queued.
struct GossipQueue {
    private var entries: [String: (record: MemberRecord, sendsLeft: Int, order: UInt64)] = [:]
    private var nextOrder: UInt64 = 0

    /// A bound on queued changes: one per member at most, so it is the member count.
    var count: Int { entries.count }

    mutating func enqueue(_ record: MemberRecord, sends: Int) {
        nextOrder += 1
        entries[record.id] = (record, max(sends, 1), nextOrder)
    }

    /// Up to `limit` records to piggyback, each counted as sent once.
    mutating func take(limit: Int) -> [MemberRecord] {
        // The first `limit` in (sendsLeft, order) descending, found in one pass: sorting the
        // whole queue (up to one entry per member) for a handful of records was the largest
        // cost of simulating a thousand nodes. Orders are unique, so the choice is the same.
        var chosen: [(record: MemberRecord, sendsLeft: Int, order: UInt64)] = []
        chosen.reserveCapacity(limit + 1)
        for entry in entries.values where limit > 0 {
            if chosen.count == limit, let last = chosen.last, (entry.sendsLeft, entry.order) < (last.sendsLeft, last.order) { continue }
            let index = chosen.firstIndex { (entry.sendsLeft, entry.order) > ($0.sendsLeft, $0.order) } ?? chosen.count
            chosen.insert(entry, at: index)
            if chosen.count > limit { chosen.removeLast() }
        }
        var records: [MemberRecord] = []
        for entry in chosen {
            records.append(entry.record)
            if entry.sendsLeft <= 1 {
                entries[entry.record.id] = nil
            } else {
                entries[entry.record.id] = (entry.record, entry.sendsLeft - 1, entry.order)
            }
        }
        return records.sorted { $0.id < $1.id }
    }
}
