import CaseCore
import CaseNet
import CaseSupport
import CaseReplication
import CaseSQLite
import Synchronization

/// The node's Prometheus metrics, served at `/metrics`.
public final class NodeMetrics: Sendable {
    public let registry = MetricsRegistry()
    public let requests: MetricCounter
    public let filings: MetricCounter
    public let actions: MetricCounter
    public let dossiers: MetricGauge
    public let events: MetricGauge
    public let replication: MetricGauge
    public let peerLagEvents: MetricGauge
    public let peerLagSeconds: MetricGauge
    public let peerTransport: MetricGauge
    public let groupCommit: MetricGauge
    public let walCheckpoints: MetricGauge
    public let httpServer: MetricGauge
    public let calendarDaysLeft: MetricGauge
    public let calendarOfficialDaysLeft: MetricGauge
    public let nodeInfo: MetricGauge
    /// Where the HTTP server's own refusals are read at each scrape (`observe(httpServer:)`).
    /// In a `StoredClosure`: a bare closure read out of a `Mutex` grows a thunk at every scrape.
    private let httpServerCounters = Mutex<StoredClosure<HTTPServerCounters>?>(nil)

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
        replication = registry.gauge(
            "casestore_replication_total",
            help: "Replication counters since start: events shipped and applied, batches, sync rounds, pushes, probes, storage errors, token records learnt from peers and refused, the root's decisions, holiday schedules and province mergers refused, certificates asked for, answered, and sent unasked.",
            labelNames: ["counter"])
        peerLagEvents = registry.gauge(
            "casestore_peer_behind_events", help: "Events each member lacks compared with everything known to exist.",
            labelNames: ["peer"])
        peerLagSeconds = registry.gauge(
            "casestore_peer_behind_seconds", help: "Age of the oldest event each member lacks, in seconds.", labelNames: ["peer"])
        groupCommit = registry.gauge(
            "casestore_group_commit",
            help: "Group commit since start: commits, the writes they carried (writes/commits = filings per disk flush), failed commits, largest group.",
            labelNames: ["counter"])
        walCheckpoints = registry.gauge(
            "casestore_wal_checkpoints",
            help: "WAL checkpoints since start: run beside the writer (when 32 MiB wait to be copied, or a second after the last commit), failed (the WAL stays until the next one), run by the writer itself because the WAL reached four times the threshold (under steady writes that is how the WAL starts over).",
            labelNames: ["counter"])
        peerTransport = registry.gauge(
            "casestore_peer_transport_total",
            help: "Peer transport counters since start: frames and bytes sent and received, frames dropped, handshakes and connections refused.",
            labelNames: ["counter"])
        httpServer = registry.gauge(
            "casestore_http_refusals_total",
            help: "What the HTTP server turned away itself since start: connections refused, evicted to make room, closed silent; requests it refused.",
            labelNames: ["counter"])
        calendarDaysLeft = registry.gauge(
            "casestore_calendar_covered_days_left",
            help: "Days until the last day the holiday calendar covers; due dates after it are refused. Alert below 90.")
        calendarOfficialDaysLeft = registry.gauge(
            "casestore_calendar_official_days_left",
            help: "Days until the last day of the government's official holiday schedule (negative: ended); later due dates use the Labour Code's computed default. Alert below 90.")
        nodeInfo = registry.gauge(
            "casestore_node_info", help: "Always 1; its label names this node's province (00: a cluster without provinces).",
            labelNames: ["province"])
    }

    /// Reads the HTTP server's counters at every scrape from `counters`; the server is
    /// made after the router that serves the scrape, hence this late binding.
    public func observe(httpServer counters: @escaping @Sendable () -> HTTPServerCounters) {
        httpServerCounters.withLock { $0 = StoredClosure(counters) }
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

    /// Sets the holiday calendar gauges for `today`, just before a scrape. Without an
    /// official schedule the official gauge has no sample (the /healthz warning says why).
    public func update(calendar coverage: CalendarCoverage, today: CivilDate) {
        calendarDaysLeft.set(Double(coverage.daysLeft(from: today)))
        if let official = coverage.officialDaysLeft(from: today) { calendarOfficialDaysLeft.set(Double(official)) }
    }

    /// Sets the group-commit gauges, just before a scrape.
    public func update(groupCommit statistics: GroupCommitStatistics) {
        let values = [
            ("commits", statistics.commits), ("writes", statistics.writes),
            ("failed_commits", statistics.failedCommits), ("largest_group", statistics.largestGroup),
        ]
        for (name, value) in values { groupCommit.set(Double(value), labels: ["counter": name]) }
    }

    /// Sets the WAL checkpoint gauges, just before a scrape.
    public func update(checkpoints statistics: CheckpointStatistics) {
        let values = [
            ("checkpoints", statistics.checkpoints), ("failed", statistics.failedCheckpoints), ("by_writer", statistics.writerCheckpoints),
        ]
        for (name, value) in values { walCheckpoints.set(Double(value), labels: ["counter": name]) }
    }

    /// Sets the replication gauges from the core's counters and the cluster view, just before a scrape.
    public func update(replication statistics: ReplicationStatistics, cluster: ClusterSnapshot?) {
        let counters: [(String, Int64)] = [
            ("events_shipped", statistics.eventsShipped), ("events_applied", statistics.eventsApplied),
            ("events_received_pushed", statistics.eventsReceivedPushed), ("events_received_pulled", statistics.eventsReceivedPulled),
            ("batches_sent", statistics.batchesSent), ("batches_received", statistics.batchesReceived),
            ("batch_groups_received", statistics.batchGroupsReceived),
            ("sync_rounds", statistics.syncRounds), ("pushes", statistics.pushes), ("probes", statistics.probes),
            ("storage_errors", statistics.storageErrors),
            ("token_records_learnt", statistics.tokenRecordsLearnt), ("token_records_refused", statistics.tokenRecordsRefused),
            ("imports_asked", statistics.importsAsked), ("events_imported", statistics.eventsImported),
            ("membership_decisions_refused", statistics.membershipDecisionsRefused),
            ("holiday_schedules_refused", statistics.holidaySchedulesRefused), ("province_merges_refused", statistics.provinceMergesRefused),
            ("certificate_requests_sent", statistics.certificateRequestsSent),
            ("certificates_received", statistics.certificatesReceived), ("certificates_unasked", statistics.certificatesUnasked),
        ]
        for (name, value) in counters { replication.set(Double(value), labels: ["counter": name]) }
        for member in cluster?.members ?? [] {
            let peer = ["peer": member.view.record.id]
            if let behind = member.behindEvents { peerLagEvents.set(Double(behind), labels: peer) }
            if let seconds = member.behindSeconds { peerLagSeconds.set(seconds, labels: peer) }
        }
    }

    /// Sets the info gauge naming this node's province.
    public func update(province: ProvinceCode) {
        nodeInfo.set(1, labels: ["province": province.rawValue])
    }

    /// Sets the per-province gauges, just before a scrape. They are registered here, at a
    /// divided node's first scrape, so that a node without provinces renders as before.
    public func update(provinces figures: ProvinceFigures) {
        let members = registry.gauge(
            "casestore_province_members", help: "Members this node places in each province, by state (alive, suspect, dead, retired).",
            labelNames: ["province", "state"])
        for (province, states) in figures.members {
            for (state, count) in states { members.set(Double(count), labels: ["province": province.rawValue, "state": state.rawValue]) }
        }
        registry.gauge("casestore_members_unplaced", help: "Members this node cannot place in a province yet: it has not seen their certificate.")
            .set(Double(figures.unplacedMembers))
        let events = registry.gauge(
            "casestore_province_events",
            help: "Events held here of each province's centres: every event of its own (stream dense), those shared with it of another (stream sparse).",
            labelNames: ["province", "stream"])
        for (province, count) in figures.events {
            events.set(Double(count), labels: ["province": province.rawValue, "stream": figures.stream(of: province)])
        }
    }

    /// Sets the peer transport gauges, just before a scrape.
    public func update(transport counters: PeerTransportCounters) {
        let values: [(String, Int)] = [
            ("frames_sent", counters.framesSent), ("bytes_sent", counters.bytesSent),
            ("frames_received", counters.framesReceived), ("bytes_received", counters.bytesReceived),
            ("frames_dropped", counters.framesDropped), ("handshakes_refused", counters.handshakesRefused),
            ("handshakes_refused_by_peers", counters.handshakesRefusedByPeers),
            ("inbound_connections_rejected", counters.inboundConnectionsRejected),
            ("inbound_connections_evicted", counters.inboundConnectionsEvicted),
            ("inbound_connections_silent", counters.inboundConnectionsSilent),
            ("inbound_connections_failed", counters.inboundConnectionsFailed),
            ("authentication_failures", counters.authenticationFailures),
        ]
        for (name, value) in values { peerTransport.set(Double(value), labels: ["counter": name]) }
    }

    /// The metrics in Prometheus' text format, the HTTP server's counters read just now.
    public func render() -> String {
        if let counters = httpServerCounters.withLock({ $0 })?.call() { update(httpServer: counters) }
        return registry.render()
    }

    /// Sets the HTTP server gauges.
    public func update(httpServer counters: HTTPServerCounters) {
        let values: [(String, Int)] = [
            ("connections_refused", counters.connectionsRefused), ("connections_evicted", counters.connectionsEvicted),
            ("connections_silent", counters.connectionsSilent), ("requests_refused", counters.requestsRefused),
        ]
        for (name, value) in values { httpServer.set(Double(value), labels: ["counter": name]) }
    }
}
