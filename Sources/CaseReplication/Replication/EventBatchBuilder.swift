import CaseCore

/// The bounds of one outgoing batch: a count and an estimated size, with at least one event.
public struct EventBatchBuilder: Sendable {
    public let maxEvents: Int
    public let maxBytes: Int
    public private(set) var events: [ChangeEvent] = []
    public private(set) var estimatedBytes = 0
    /// Set once an event was refused for size: the batch ends there rather than skipping to
    /// smaller events of later origins, so it stays in the documented order (origins sorted,
    /// each a contiguous run) and the next request resumes exactly where it stopped.
    private var refusedForSize = false

    public init(maxEvents: Int, maxBytes: Int) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        events.reserveCapacity(min(maxEvents, 1_024))
    }

    public var remainingEvents: Int { maxEvents - events.count }
    public var isFull: Bool { refusedForSize || events.count >= maxEvents }

    /// Whether an event of this estimated size fits; the first event always does.
    public mutating func admits(estimatedBytes size: Int) -> Bool {
        if events.isEmpty || estimatedBytes + size <= maxBytes { return true }
        refusedForSize = true
        return false
    }

    public mutating func append(_ event: ChangeEvent, estimatedBytes size: Int) {
        events.append(event)
        estimatedBytes += size
    }

    /// Appends `event` if it fits (`admits`); false once the batch is full, with it or without.
    public mutating func take(_ event: ChangeEvent, estimatedBytes size: Int) -> Bool {
        guard admits(estimatedBytes: size) else { return false }
        append(event, estimatedBytes: size)
        return !isFull
    }
}
