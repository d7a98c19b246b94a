import CaseCore

/// The bounds of one outgoing batch: a count and an estimated size, with at least one event.
struct EventBatchBuilder {
    let maxEvents: Int
    let maxBytes: Int
    private(set) var events: [ChangeEvent] = []
    private(set) var estimatedBytes = 0
    /// Set once an event was refused for size: the batch ends there rather than skipping to
    /// smaller events of later origins, so it stays in the documented order (origins sorted,
    /// each a contiguous run) and the next request resumes exactly where it stopped.
    private var refusedForSize = false

    init(maxEvents: Int, maxBytes: Int) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        events.reserveCapacity(min(maxEvents, 1_024))
    }

    var remainingEvents: Int { maxEvents - events.count }
    var isFull: Bool { refusedForSize || events.count >= maxEvents }

    /// Whether an event of this estimated size fits; the first event always does.
    mutating func admits(estimatedBytes size: Int) -> Bool {
        if events.isEmpty || estimatedBytes + size <= maxBytes { return true }
        refusedForSize = true
        return false
    }

    mutating func append(_ event: ChangeEvent, estimatedBytes size: Int) {
        events.append(event)
        estimatedBytes += size
    }
}
