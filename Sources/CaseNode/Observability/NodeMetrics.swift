import CaseCore

/// The node's Prometheus metrics, served at `/metrics`.
public final class NodeMetrics: Sendable {
    public let registry = MetricsRegistry()
    public let requests: MetricCounter
    public let filings: MetricCounter
    public let actions: MetricCounter
    public let dossiers: MetricGauge
    public let events: MetricGauge

    public init() {
        requests = registry.counter(
            "casestore_http_requests_total", help: "HTTP requests answered, by route and status code.",
            labelNames: ["route", "status"])
        filings = registry.counter("casestore_dossiers_filed_total", help: "Dossiers filed at this node and made durable.")
        actions = registry.counter(
            "casestore_workflow_actions_total", help: "Workflow steps applied at this node, by action.",
            labelNames: ["action"])
        dossiers = registry.gauge("casestore_dossiers", help: "Dossiers held by this node, by status.", labelNames: ["status"])
        events = registry.gauge("casestore_events", help: "Events held in this node's log, from every origin.")
    }

    public func recordRequest(route: String, status: Int) {
        requests.increment(labels: ["route": route, "status": String(status)])
    }

    /// Sets the gauges that describe the database, just before a scrape.
    public func update(countsByStatus: [DossierStatus: Int], eventCount: Int64) {
        for status in DossierStatus.allCases {
            dossiers.set(Double(countsByStatus[status] ?? 0), labels: ["status": status.rawValue])
        }
        events.set(Double(eventCount))
    }

    public func render() -> String {
        registry.render()
    }
}
