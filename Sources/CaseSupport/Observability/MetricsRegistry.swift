import Synchronization

/// Counters, gauges and histograms, rendered for Prometheus in the text exposition
/// format 0.0.4. Thread-safe: handles may be used from any thread.
///
/// ```swift
/// let metrics = MetricsRegistry()
/// let requests = metrics.counter("http_requests_total", help: "HTTP requests served.", labelNames: ["status"])
/// requests.increment(labels: ["status": "200"])
/// print(metrics.render())
/// ```
///
/// Each metric keeps at most ``maxSeriesPerFamily`` label combinations. Label values
/// often come from outside (a path, a peer id), so a bug or a hostile client could
/// otherwise create series without end and grow memory and scrape size without bound.
/// Once a metric is full, updates for new combinations go to one series whose every
/// label value is `_other_`, and `metrics_series_folded_total{family="…"}` counts them,
/// so the overflow is visible rather than silent.
public final class MetricsRegistry: Sendable {
    /// A thousand series is more than any honest casestore metric needs (a few statuses ×
    /// routes × peers) yet keeps a full family to some tens of kilobytes.
    public static let defaultMaxSeriesPerFamily = 1_000
    /// Metrics are declared in code, so more than this is a programmer error.
    public static let maxFamilyCount = 256
    /// Longer label values are cut: a value is an identifier, not a payload.
    public static let maxLabelValueCharacters = 128
    /// More buckets add scrape size without telling anything more.
    public static let maxBucketCount = 64
    /// The label value of the series that collects combinations past the limit.
    public static let overflowLabelValue = "_other_"
    /// The name of the counter of folded updates, reserved for the registry.
    public static let foldedSeriesMetricName = "metrics_series_folded_total"

    /// Most label combinations a metric keeps, including the `_other_` series.
    public let maxSeriesPerFamily: Int
    private let families = Mutex<[String: MetricFamily]>([:])

    /// Creates an empty registry; `maxSeriesPerFamily` must be at least 2 (one real
    /// series and the `_other_` series).
    public init(maxSeriesPerFamily: Int = MetricsRegistry.defaultMaxSeriesPerFamily) {
        precondition(maxSeriesPerFamily >= 2, "maxSeriesPerFamily must be at least 2")
        self.maxSeriesPerFamily = maxSeriesPerFamily
    }

    /// Registers (or returns the already registered) counter `name`.
    public func counter(_ name: String, help: String, labelNames: [String] = []) -> MetricCounter {
        MetricCounter(family: register(name, help: help, type: .counter, labelNames: labelNames, buckets: []))
    }

    /// Registers (or returns the already registered) gauge `name`.
    public func gauge(_ name: String, help: String, labelNames: [String] = []) -> MetricGauge {
        MetricGauge(family: register(name, help: help, type: .gauge, labelNames: labelNames, buckets: []))
    }

    /// Registers (or returns the already registered) histogram `name` with the given
    /// bucket upper bounds, which must be finite and strictly increasing; `+Inf` is added.
    public func histogram(_ name: String, help: String, labelNames: [String] = [], buckets: [Double]) -> MetricHistogram {
        precondition(!buckets.isEmpty && buckets.count <= Self.maxBucketCount,
                     "histogram \(name) needs 1 to \(Self.maxBucketCount) buckets")
        precondition(buckets.allSatisfy(\.isFinite) && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 },
                     "histogram \(name) buckets must be finite and strictly increasing")
        precondition(!labelNames.contains("le"), "histogram \(name) may not use the label 'le'")
        return MetricHistogram(family: register(name, help: help, type: .histogram, labelNames: labelNames, buckets: buckets))
    }

    /// Every metric in the text exposition format, families sorted by name and series by
    /// label values, so two renders of the same state are identical.
    public func render() -> String {
        let snapshot = families.withLock { Array($0.values) }.sorted { $0.name < $1.name }
        var text = snapshot.map { $0.render() }.joined()
        let folded = snapshot.map { ($0.name, $0.foldedUpdates) }.filter { $0.1 > 0 }
        if !folded.isEmpty {
            text += renderFolded(folded)
        }
        return text
    }

    private func register(_ name: String, help: String, type: MetricType, labelNames: [String], buckets: [Double]) -> MetricFamily {
        precondition(PrometheusText.isValidMetricName(name), "'\(name)' is not a valid metric name")
        precondition(name != Self.foldedSeriesMetricName, "\(name) is reserved for the registry")
        precondition(labelNames.allSatisfy(PrometheusText.isValidLabelName) && Set(labelNames).count == labelNames.count,
                     "metric \(name) has invalid or repeated label names \(labelNames)")
        return families.withLock { families in
            if let existing = families[name] {
                precondition(existing.matches(type: type, help: help, labelNames: labelNames, buckets: buckets),
                             "metric \(name) registered twice with different definitions")
                return existing
            }
            precondition(families.count < Self.maxFamilyCount, "more than \(Self.maxFamilyCount) metrics registered")
            let family = MetricFamily(name: name, help: help, type: type, labelNames: labelNames,
                                      buckets: buckets, maxSeries: maxSeriesPerFamily)
            families[name] = family
            return family
        }
    }

    private func renderFolded(_ folded: [(String, UInt64)]) -> String {
        let name = Self.foldedSeriesMetricName
        var lines = [
            "# HELP \(name) Updates that went to the _other_ series because the metric had too many label combinations.",
            "# TYPE \(name) counter",
        ]
        for (family, count) in folded {
            lines.append(name + PrometheusText.labelSet([(name: "family", value: family)]) + " \(count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
