/// A handle on a registered gauge: a value that goes up and down.
public struct MetricGauge: Sendable {
    let family: MetricFamily

    /// Sets the series named by `labels` to `value`.
    public func set(_ value: Double, labels: [String: String] = [:]) {
        family.update(labels: labels) { $0.value = value }
    }

    /// Adds `amount` to the series named by `labels`.
    public func increment(by amount: Double = 1, labels: [String: String] = [:]) {
        family.update(labels: labels) { $0.value += amount }
    }

    /// Subtracts `amount` from the series named by `labels`.
    public func decrement(by amount: Double = 1, labels: [String: String] = [:]) {
        family.update(labels: labels) { $0.value -= amount }
    }
}
