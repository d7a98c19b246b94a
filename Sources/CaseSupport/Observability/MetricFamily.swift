import Synchronization

/// One metric name with all its labelled series, guarded by its own lock so that
/// updates to different metrics never wait for each other.
final class MetricFamily: Sendable {
    let name: String
    let help: String
    let type: MetricType
    let labelNames: [String]
    /// Upper bounds of histogram buckets, increasing; `+Inf` is implied.
    let buckets: [Double]
    let maxSeries: Int
    private let state: Mutex<FamilyState>

    struct Series: Sendable {
        /// Counter or gauge value.
        var value: Double = 0
        /// Histogram: observations per bucket, not cumulative; the last is `+Inf`.
        var bucketCounts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    private struct FamilyState: Sendable {
        var series: [[String]: Series] = [:]
        /// Updates whose label combination did not fit and went to the `_other_` series.
        var foldedUpdates: UInt64 = 0
    }

    init(name: String, help: String, type: MetricType, labelNames: [String], buckets: [Double], maxSeries: Int) {
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.buckets = buckets
        self.maxSeries = maxSeries
        var initial = FamilyState()
        if labelNames.isEmpty {
            // An unlabelled metric exists from registration, so it shows as 0 before its first event.
            initial.series[[]] = Series(bucketCounts: Array(repeating: 0, count: buckets.count + 1))
        }
        state = Mutex(initial)
    }

    /// Whether a second registration under this name describes the same metric.
    func matches(type: MetricType, help: String, labelNames: [String], buckets: [Double]) -> Bool {
        self.type == type && self.help == help && self.labelNames == labelNames && self.buckets == buckets
    }

    /// Applies `change` to the series for `labels`, creating it if there is room, or
    /// else folding the update into the series whose every label value is `_other_`.
    func update(labels: [String: String], _ change: (inout Series) -> Void) {
        let key = seriesKey(labels)
        state.withLock { state in
            var key = key
            if state.series[key] == nil && state.series.count >= maxSeries - 1 {
                key = Array(repeating: MetricsRegistry.overflowLabelValue, count: labelNames.count)
                state.foldedUpdates += 1
            }
            change(&state.series[key, default: Series(bucketCounts: Array(repeating: 0, count: buckets.count + 1))])
        }
    }

    /// How many updates were folded into `_other_` so far.
    var foldedUpdates: UInt64 {
        state.withLock { $0.foldedUpdates }
    }

    /// The family's HELP and TYPE lines and its samples, series sorted by label values.
    func render() -> String {
        let series = state.withLock { $0.series }
        let sortedKeys = series.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var lines = ["# HELP \(name) \(PrometheusText.escapeHelp(help))", "# TYPE \(name) \(type.rawValue)"]
        for key in sortedKeys {
            guard let values = series[key] else { continue }
            let labels = Array(zip(labelNames, key)).map { (name: $0.0, value: $0.1) }
            lines += type == .histogram ? histogramLines(labels, values) : [sample(name, labels, values.value)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func histogramLines(_ labels: [(name: String, value: String)], _ series: Series) -> [String] {
        var lines: [String] = []
        var cumulative: UInt64 = 0
        for (bound, count) in zip(buckets + [Double.infinity], series.bucketCounts) {
            cumulative += count
            let le = (name: "le", value: PrometheusText.formatNumber(bound))
            lines.append(sample(name + "_bucket", labels + [le], Double(cumulative)))
        }
        lines.append(sample(name + "_sum", labels, series.sum))
        lines.append(sample(name + "_count", labels, Double(series.count)))
        return lines
    }

    private func sample(_ sampleName: String, _ labels: [(name: String, value: String)], _ value: Double) -> String {
        sampleName + PrometheusText.labelSet(labels) + " " + PrometheusText.formatNumber(value)
    }

    private func seriesKey(_ labels: [String: String]) -> [String] {
        precondition(labels.count == labelNames.count && labelNames.allSatisfy { labels[$0] != nil },
                     "metric \(name) takes labels \(labelNames), got \(labels.keys.sorted())")
        return labelNames.map { name in
            // prefix, not count: counting a huge hostile value would walk all of it.
            let value = labels[name] ?? ""
            let kept = value.prefix(MetricsRegistry.maxLabelValueCharacters)
            return kept.endIndex == value.endIndex ? value : String(kept)
        }
    }
}
