import CaseCore
/// Member ids kept sorted, so that "the k-th member in id order" is an array
/// index: random peers are chosen by index instead of by sorting the table.
///
/// Inserting or removing is a binary search plus an array shift (O(N) moves of
/// one reference each); that happens only when a member changes state, while
/// reads (count, k-th id) happen on every tick of every node.
struct SortedMemberIDs {
    private(set) var ids: [String]

    init() { ids = [] }

    /// A list over ids the caller already holds sorted (not checked: O(N)).
    init(sortedIDs: [String]) { ids = sortedIDs }

    var count: Int { ids.count }

    /// Where `id` is, or where it would go.
    func insertionIndex(of id: String) -> Int {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of `id` if it is held.
    func index(of id: String) -> Int? {
        let index = insertionIndex(of: id)
        return index < ids.count && ids[index] == id ? index : nil
    }

    mutating func insert(_ id: String) {
        let index = insertionIndex(of: id)
        guard index == ids.count || ids[index] != id else { return }
        ids.insert(id, at: index)
    }

    mutating func remove(_ id: String) {
        guard let index = index(of: id) else { return }
        ids.remove(at: index)
    }

    /// Sorted lists merged into one sorted list (they hold distinct ids).
    static func merged(_ lists: [[String]]) -> [String] {
        lists.reduce([]) { merge($0, $1) }
    }

    private static func merge(_ left: [String], _ right: [String]) -> [String] {
        if left.isEmpty { return right }
        if right.isEmpty { return left }
        var result: [String] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if left[i] < right[j] {
                result.append(left[i])
                i += 1
            } else {
                result.append(right[j])
                j += 1
            }
        }
        result.append(contentsOf: left[i...])
        result.append(contentsOf: right[j...])
        return result
    }
}
