/// The messages in flight as a binary min-heap ordered by (delivery time,
/// sequence): the next message to deliver is always at the top, and that
/// order is total, so a run replays exactly.
struct DeliveryQueue {
    private var heap: [InFlightMessage] = []

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    var first: InFlightMessage? { heap.first }

    mutating func insert(_ message: InFlightMessage) {
        heap.append(message)
        siftUp(from: heap.count - 1)
    }

    mutating func popFirst() -> InFlightMessage? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        if !heap.isEmpty { siftDown(from: 0) }
        return first
    }

    /// Removes every message `shouldRemove` picks; the rest keep their order.
    mutating func removeAll(where shouldRemove: (InFlightMessage) -> Bool) -> Int {
        let before = heap.count
        let kept = heap.filter { !shouldRemove($0) }
        heap = []
        for message in kept { insert(message) }
        return before - heap.count
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard InFlightMessage.deliversBefore(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, InFlightMessage.deliversBefore(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, InFlightMessage.deliversBefore(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
