/// A handle on a registered counter: a value that only goes up.
public struct MetricCounter: Sendable {
    let family: MetricFamily

    /// Adds `amount` (at least 0) to the series named by `labels`, which must give a value
    /// for exactly the counter's label names.
    public func increment(by amount: Double = 1, labels: [String: String] = [:]) {
        precondition(amount >= 0, "counter \(family.name) cannot go down (amount \(amount))")
        family.update(labels: labels) { $0.value += amount }
    }
}
