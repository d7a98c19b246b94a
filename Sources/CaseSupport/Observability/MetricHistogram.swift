/// A handle on a registered histogram: observations counted into fixed buckets.
public struct MetricHistogram: Sendable {
    let family: MetricFamily

    /// Records one observation in the series named by `labels`: it counts in the first
    /// bucket whose upper bound is at least `value` (and so in every later one, as rendered).
    public func observe(_ value: Double, labels: [String: String] = [:]) {
        let bucketIndex = family.buckets.firstIndex { value <= $0 } ?? family.buckets.count
        family.update(labels: labels) { series in
            series.bucketCounts[bucketIndex] += 1
            series.sum += value
            series.count += 1
        }
    }
}
