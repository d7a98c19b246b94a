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
        let chosen = entries.values
            .sorted { ($0.sendsLeft, $0.order) > ($1.sendsLeft, $1.order) }
            .prefix(limit)
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
