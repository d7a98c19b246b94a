import CaseCore
/// Choosing random peers by index into the table's sorted id lists.
///
/// Each choice is the one the plain formulation makes, draw for draw:
/// `randomPeer` is `others(in:).filter(…).randomElement(using:)` and
/// `randomPeers` is `…shuffled(using:).prefix(count)`, consuming the same
/// random numbers in the same order, so a seed replays the same run as before
/// these indexes existed; only the sort and the filtered copy are gone.
extension ReplicationNode {
    /// A random other member in one of `states`.
    func randomPeer(in states: Set<MemberState>, excluding excluded: Set<String> = []) -> MemberView? {
        let candidates = PeerCandidates(ids: table.otherIDs(in: states), excluding: excluded)
        guard candidates.count > 0 else { return nil }
        return table[candidates[Int.random(in: 0..<candidates.count, using: &random)]]
    }

    /// A random other member in one of `states` that `matches` (with provinces: of a given
    /// province, or of another; one pass over the members, so at most a few times a round).
    func randomPeer(in states: Set<MemberState>, matching matches: (String) -> Bool) -> MemberView? {
        let candidates = table.otherIDs(in: states).filter(matches)
        guard !candidates.isEmpty else { return nil }
        return table[candidates[Int.random(in: 0..<candidates.count, using: &random)]]
    }

    /// Up to `count` distinct random other members in `states` that `matches`, `excluded` left out.
    func randomPeers(_ count: Int, in states: Set<MemberState>, excluding excluded: Set<String>, matching matches: (String) -> Bool)
        -> [MemberView] {
        var candidates = table.otherIDs(in: states).filter { matches($0) && !excluded.contains($0) }
        var chosen: [MemberView] = []
        while chosen.count < count, !candidates.isEmpty {
            let id = candidates.remove(at: Int.random(in: 0..<candidates.count, using: &random))
            if let view = table[id] { chosen.append(view) }
        }
        return chosen
    }

    /// Up to `count` distinct random other members in `states`.
    func randomPeers(_ count: Int, in states: Set<MemberState>, excluding excluded: Set<String> = []) -> [MemberView] {
        let candidates = PeerCandidates(ids: table.otherIDs(in: states), excluding: excluded)
        // Fisher–Yates as `shuffle(using:)` runs it (one draw per position but the last),
        // with only the first `count` positions materialised: the swaps that reach them are
        // kept in `moved`, and the later draws are still taken so the random stream is unchanged.
        var moved: [Int: Int] = [:]
        var chosen: [MemberView] = []
        let total = candidates.count
        for position in 0..<max(total - 1, 0) {
            let other = position + Int.random(in: 0..<(total - position), using: &random)
            guard position < count else { continue }
            let picked = moved[other] ?? other
            moved[other] = moved[position] ?? position
            if let view = table[candidates[picked]] { chosen.append(view) }
        }
        if total >= 1, count >= total, let view = table[candidates[moved[total - 1] ?? total - 1]] { chosen.append(view) }
        return chosen
    }
}

/// A sorted id list with a few ids left out, indexed as if they had been filtered out.
private struct PeerCandidates {
    let ids: [String]
    /// Where the left-out ids sit in `ids`, ascending.
    let skipped: [Int]

    init(ids: [String], excluding excluded: Set<String>) {
        self.ids = ids
        let lookup = SortedMemberIDs(sortedIDs: ids)
        skipped = excluded.compactMap(lookup.index(of:)).sorted()
    }

    var count: Int { ids.count - skipped.count }

    /// The `index`-th id that is not left out.
    subscript(index: Int) -> String {
        var position = index
        for skip in skipped where skip <= position { position += 1 }
        return ids[position]
    }
}
