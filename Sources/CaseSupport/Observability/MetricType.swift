/// The kinds of metric the registry keeps, named as in the Prometheus `# TYPE` line.
public enum MetricType: String, Sendable, Equatable {
    /// Only goes up (requests served, bytes sent); resets only when the process restarts.
    case counter
    /// Goes up and down (connections open, queue length).
    case gauge
    /// Counts observations (latencies, sizes) into fixed buckets, with their sum and count.
    case histogram
}
