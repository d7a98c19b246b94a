import Synchronization

/// Fixed slots that threads fill with their results, one slot each.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

    func get(_ index: Int) -> Value? { slots.withLock { $0[index] } }
}
