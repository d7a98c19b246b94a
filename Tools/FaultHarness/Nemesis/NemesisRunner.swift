import Foundation
import NodeLauncher
import Synchronization

/// Starts a cluster behind fault proxies, runs the clients while the
/// schedule's faults come and go, heals, waits for convergence, reads every
/// node and hands it all to the `Checker`.
public final class NemesisRunner: Sendable {
    public let options: NemesisOptions
    public let binary: CasenodeBinary
    private let log: @Sendable (String) -> Void
    private let clock = MonotonicMilliseconds()

    /// Probe and sync every 300 ms: failure detection in about 1.2 s, so
    /// short faults are noticed, and repairs come quickly after a heal.
    static let timingArguments = ["--probe-interval-ms", "300", "--sync-interval-ms", "300"]
    /// How long a freshly started cluster may take to see all its members.
    static let formationTimeoutMs = 60_000

    public init(options: NemesisOptions, binary: CasenodeBinary, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.binary = binary
        self.log = log
    }

    /// Runs the whole thing. Throws only when the harness itself cannot work
    /// (no binary, a node that will not start); findings are in the outcome.
    public func run() throws -> NemesisOutcome {
        let directory = NSTemporaryDirectory() + "casestore-nemesis-\(options.seed)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ids = (1...options.nodeCount).map { "n\($0)" }
        let schedule = FaultSchedule(seed: options.seed, nodes: ids, durationMs: options.durationSeconds * 1_000, timing: options.timing)
        say("seed \(options.seed), \(options.nodeCount) nodes, \(options.clientCount) clients, \(options.durationSeconds) s, "
            + "\(schedule.events.count) faults; casenode \(binary.path)")
        let cluster = try startCluster(ids: ids, directory: directory)
        defer {
            for node in cluster { node.terminate() }
            for node in cluster { node.proxy.stop() }
        }
        try waitForFormation(cluster)

        let history = OperationHistory()
        let stop = Atomic<Bool>(false)
        let clients = DispatchGroup()
        for index in 0..<options.clientCount {
            let client = WorkloadClient(index: index, nodes: cluster, history: history)
            clients.enter()
            let thread = Thread { [clock, options] in
                client.run(seed: options.seed, clock: clock) { stop.load(ordering: .relaxed) }
                clients.leave()
            }
            thread.start()
        }
        let workloadStartMs = clock.elapsedMs
        let nemesis = Nemesis(cluster: cluster, binary: binary, log: say)
        for event in schedule.events {
            sleep(untilMs: workloadStartMs + event.startMs)
            nemesis.inject(event)
            sleep(untilMs: workloadStartMs + event.startMs + event.durationMs)
            nemesis.heal(event)
        }
        sleep(untilMs: workloadStartMs + options.durationSeconds * 1_000)
        stop.store(true, ordering: .relaxed)
        clients.wait()

        say("healing everything")
        nemesis.healAll()
        let healedAtMs = clock.elapsedMs
        let convergenceMs = waitForConvergence(cluster).map { $0 - healedAtMs }
        say(convergenceMs.map { "converged \($0) ms after the heal" } ?? "did not converge within \(options.convergenceTimeoutMs) ms")
        let snapshots = cluster.map(SnapshotReader.snapshot(of:))
        let operations = history.operations
        let report = Checker.check(history: operations, snapshots: snapshots, convergenceMs: convergenceMs)
        let coverage = "faults injected: " + FaultKind.allCases.map { kind in
            nemesis.exercised.contains(kind) ? kind.rawValue : "\(kind.rawValue) (\(nemesis.skipped[kind] ?? "not scheduled"))"
        }.joined(separator: ", ")
        say(coverage)
        var resultsPath: String?
        if !report.passed {
            resultsPath = save(operations: operations, report: report, schedule: schedule, coverage: coverage, cluster: cluster)
        }
        for node in cluster { node.terminate() }
        if report.passed { try? FileManager.default.removeItem(atPath: directory) }
        return NemesisOutcome(
            report: report, exercised: nemesis.exercised, skipped: nemesis.skipped, resultsPath: resultsPath, elapsedMs: clock.elapsedMs)
    }

    private func say(_ line: String) {
        log(String(format: "[%7.1f s] ", Double(clock.elapsedMs) / 1_000) + line)
    }

    private func sleep(untilMs target: Int) {
        let remaining = target - clock.elapsedMs
        if remaining > 0 { usleep(UInt32(remaining) * 1_000) }
    }

    /// A proxy per node first (its address is what the node advertises and
    /// what the others join through), then the nodes, one by one.
    private func startCluster(ids: [String], directory: String) throws -> [ClusterNode] {
        let proxies = try ids.map { id in try FaultProxy(name: id) }
        for proxy in proxies { proxy.start() }
        var cluster: [ClusterNode] = []
        let keyArguments = try ClusterKeyFile.write(in: directory)
        for (index, id) in ids.enumerated() {
            let join = proxies.enumerated().filter { $0.offset != index }.map(\.element.listenAddress).joined(separator: ",")
            let arguments = ["--cluster-id", "nemesis", "--join", join] + keyArguments + Self.timingArguments
                + (binary.supportsDebugFaults ? ["--debug-faults"] : [])
            let node = ClusterNode(id: id, proxy: proxies[index], directory: directory, binary: binary, baseArguments: arguments)
            try node.start()
            say("\(id) serving \(node.baseURL), peers reach it through \(proxies[index].listenAddress)")
            cluster.append(node)
        }
        return cluster
    }

    /// Waits until every node lists every other as alive.
    private func waitForFormation(_ cluster: [ClusterNode]) throws {
        let started = clock.elapsedMs
        while clock.elapsedMs - started < Self.formationTimeoutMs {
            if cluster.allSatisfy({ Self.aliveMembers(of: $0) >= cluster.count - 1 }) {
                say("cluster formed in \(clock.elapsedMs - started) ms")
                return
            }
            usleep(200_000)
        }
        throw HarnessError("the cluster did not form within \(Self.formationTimeoutMs) ms")
    }

    static func aliveMembers(of node: ClusterNode) -> Int {
        guard let client = try? HTTPClientFactory.client(node.baseURL),
              let response = try? client.send("GET", "/v1/cluster", headers: [node.adminAuthorization]), response.status == 200,
              let members = (try? response.jsonBody())?["members"]?.arrayValue else { return 0 }
        return members.filter { $0["id"]?.stringValue != node.id && $0["state"]?.stringValue == "alive" }.count
    }

    /// Polls every node until all answer with the same digest and version
    /// vector and are caught up, twice in a row; returns the time it first held.
    private func waitForConvergence(_ cluster: [ClusterNode]) -> Int? {
        let started = clock.elapsedMs
        var agreedSinceMs: Int?
        while clock.elapsedMs - started < options.convergenceTimeoutMs {
            let states = cluster.map { SnapshotReader.clusterState(of: $0) }
            let agreed = states.allSatisfy { $0 != nil && $0!.caughtUp }
                && Set(states.map { $0?.digest }).count == 1 && Set(states.map { $0?.versionVector }).count == 1
            if agreed {
                if let since = agreedSinceMs { return since }
                agreedSinceMs = clock.elapsedMs
            } else {
                agreedSinceMs = nil
            }
            usleep(250_000)
        }
        return nil
    }

    /// Saves the history (JSON lines), the report, the schedule and the node logs.
    private func save(operations: [Operation], report: CheckReport, schedule: FaultSchedule, coverage: String, cluster: [ClusterNode]) -> String? {
        let stamp = Int(Date().timeIntervalSince1970)
        let path = options.resultsDirectory + "/seed-\(options.seed)-\(stamp)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try (operations.map(\.jsonLine).joined(separator: "\n") + "\n").write(toFile: path + "/history.jsonl", atomically: true, encoding: .utf8)
            try (report.text + "\n" + coverage + "\n").write(toFile: path + "/report.txt", atomically: true, encoding: .utf8)
            try (schedule.events.map(\.description).joined(separator: "\n") + "\n").write(toFile: path + "/schedule.txt", atomically: true, encoding: .utf8)
            for node in cluster {
                try? FileManager.default.copyItem(atPath: node.logPath, toPath: path + "/\(node.id).log")
            }
            say("saved the history, report and node logs in \(path)")
            return path
        } catch {
            say("could not save results in \(path): \(error)")
            return nil
        }
    }
}
