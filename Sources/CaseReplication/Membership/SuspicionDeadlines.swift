import CaseCore
/// When each suspect became suspect, earliest first (a binary min-heap), so a
/// node learns in O(1) on each tick that no suspicion has timed out yet,
/// instead of scanning its whole membership table.
///
/// Entries are not removed when a suspect refutes or dies: they go stale and
/// are dropped when they reach the top (`MembershipTable` says which are still
/// current). `needsRebuild` bounds how many stale entries can pile up.
struct SuspicionDeadlines {
    struct Entry {
        var sinceMs: Int64
        var id: String
    }

    private(set) var entries: [Entry] = []

    var earliest: Entry? { entries.first }

    /// Stale entries may outnumber current ones (suspects ≤ members) by this much before a rebuild:
    /// enough that rebuilds (O(N)) are rare, small enough that memory stays O(members).
    func needsRebuild(memberCount: Int) -> Bool { entries.count > 2 * memberCount + 64 }

    mutating func insert(sinceMs: Int64, id: String) {
        entries.append(Entry(sinceMs: sinceMs, id: id))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].sinceMs < entries[parent].sinceMs else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeEarliest() {
        guard !entries.isEmpty else { return }
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].sinceMs < entries[smallest].sinceMs { smallest = left }
            if right < entries.count, entries[right].sinceMs < entries[smallest].sinceMs { smallest = right }
            guard smallest != parent else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }

    mutating func removeAll() { entries.removeAll() }
}
