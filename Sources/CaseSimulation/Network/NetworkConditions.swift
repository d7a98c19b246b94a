/// How the simulated network misbehaves for messages sent from now on.
///
/// Reordering needs no switch of its own: messages with different latencies
/// overtake each other. `reorderProbability` adds occasional long detours so
/// that a message can arrive well after later ones (a slow path, a retransmit).
public struct NetworkConditions: Sendable, Equatable {
    /// Chance that a message is lost.
    public var dropProbability: Double
    /// Chance that a message is delivered twice (each copy with its own latency).
    public var duplicateProbability: Double
    /// One-way latency of a message, drawn uniformly.
    public var latencyMs: ClosedRange<Int64>
    /// Chance that a message takes a detour of `detourMs` on top of its latency.
    public var reorderProbability: Double
    /// The extra delay of a detour, drawn uniformly.
    public var detourMs: ClosedRange<Int64>

    /// Conditions with these values; the defaults are `calm`.
    public init(
        dropProbability: Double = 0, duplicateProbability: Double = 0, latencyMs: ClosedRange<Int64> = 1...5,
        reorderProbability: Double = 0, detourMs: ClosedRange<Int64> = 0...0
    ) {
        precondition((0...1).contains(dropProbability) && (0...1).contains(duplicateProbability)
            && (0...1).contains(reorderProbability), "probabilities are between 0 and 1")
        precondition(latencyMs.lowerBound >= 1, "a message takes at least 1 ms, so answers come after questions")
        precondition(detourMs.lowerBound >= 0, "a detour never makes a message faster")
        self.dropProbability = dropProbability
        self.duplicateProbability = duplicateProbability
        self.latencyMs = latencyMs
        self.reorderProbability = reorderProbability
        self.detourMs = detourMs
    }

    /// A LAN on a good day: nothing lost, nothing duplicated, 1-5 ms.
    public static let calm = NetworkConditions()
}
