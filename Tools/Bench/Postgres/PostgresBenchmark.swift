import Foundation
import Glibc

/// PostgreSQL side by side (issue 7): a primary and a streaming standby on loopback ports,
/// data under a temporary directory, the casestore filing's work (record + event in one
/// transaction) under pgbench at 1 and 8 clients, with an asynchronous and with a
/// synchronous (`remote_apply`) standby, then the standby's visibility delay. Both servers
/// are stopped (pg_ctl, then by pid) and their data deleted on the way out, failure or not.
public struct PostgresBenchmark {
    public let dataRoot: String
    public let secondsPerRun: Double
    public let visibilitySeconds: Double
    public let clientCounts: [Int]
    public let log: @Sendable (String) -> Void

    static let database = "casebench"

    /// Durations for a suite: quick about 10 s per run, full about 30 s.
    public init(suiteName: String, dataRoot: String, log: @escaping @Sendable (String) -> Void) {
        let full = suiteName == "full"
        self.dataRoot = dataRoot
        secondsPerRun = full ? 30 : 10
        visibilitySeconds = full ? 15 : 5
        clientCounts = [1, 8]
        self.log = log
    }

    public func run() throws -> PostgresResult {
        let installation = try PostgresInstallation.locateOrInstall(log: log)
        let root = dataRoot + "/pg-\(getpid())"
        let scratch = root + "/scratch", serverRoot = root + "/data"
        for directory in [scratch, serverRoot] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let shell = try PostgresShell.make(scratchDirectory: scratch)
        try shell.handOver(serverRoot)
        log("PostgreSQL from \(installation.serverBin), servers run as user '\(shell.serverUser)', data under \(serverRoot)")
        let primary = PostgresServer(name: "primary", dataDirectory: serverRoot + "/primary", port: try PostgresServer.freePort(), installation: installation, shell: shell)
        let standby = PostgresServer(name: "standby", dataDirectory: serverRoot + "/standby", port: try PostgresServer.freePort(), installation: installation, shell: shell)
        defer {
            standby.stop()
            primary.stop()
        }
        try setUp(primary: primary, standby: standby, serverRoot: serverRoot, installation: installation, shell: shell)
        var result = PostgresResult(version: try primary.psql(["SHOW server_version"]))
        let recordJSON = PostgresWorkload.recordJSON()
        var details = PostgresDetails(serverUser: shell.serverUser, dataDirectory: serverRoot, secondsPerRun: secondsPerRun,
                                      measuredAt: BenchRunner.timestamp(Date()), recordBytes: recordJSON.utf8.count,
                                      eventBytes: PostgresWorkload.eventJSON.utf8.count)
        let scriptPath = scratch + "/filing.sql"
        try PostgresWorkload.script(recordJSON: recordJSON).write(toFile: scriptPath, atomically: true, encoding: .utf8)
        for mode in PostgresConfig.Mode.allCases {
            try enter(mode, primary: primary)
            for clients in clientCounts {
                let run = try measure(mode: mode, clients: clients, primary: primary, scriptPath: scriptPath, shell: shell, installation: installation)
                details.runs.append(run)
                result.insertsPerSecond[mode.key(clients: clients)] = run.transactionsPerSecond
                if let latency = run.latency { result.latencyByMode[mode.key(clients: clients)] = latency }
                log("  PostgreSQL \(mode.rawValue) standby, \(clients) clients: \(Format.number(run.transactionsPerSecond)) tx/s, "
                    + "p50 \(run.latency.map { Format.ms($0.p50Ms) } ?? "?"), avg \(Format.ms(run.latencyAverageMs))")
            }
        }
        try enter(.async, primary: primary)
        try primary.psql([PostgresWorkload.resetSQL], database: Self.database)
        let delays = try StandbyVisibilityProbe(primary: primary, standby: standby, installation: installation, shell: shell,
                                                database: Self.database, seconds: visibilitySeconds).run()
        result.standbyVisibility = LatencySummary(samplesMs: delays)
        details.visibilityMethod = StandbyVisibilityProbe.method
        log("  standby visibility (async): p50 \(Format.ms(result.standbyVisibility!.p50Ms)), max \(Format.ms(result.standbyVisibility!.maxMs)) over \(delays.count) rows")
        result.details = details
        return result
    }

    /// initdb, configure and start the primary; create the schema; pg_basebackup -R the standby and start it streaming.
    private func setUp(primary: PostgresServer, standby: PostgresServer, serverRoot: String, installation: PostgresInstallation, shell: PostgresShell) throws {
        try shell.runAsServerUser([installation.initdb, "-D", primary.dataDirectory, "-U", shell.serverUser, "--auth=trust",
                                   "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        try appendAsServerUser(PostgresConfig.primary(port: primary.port, socketDirectory: serverRoot, maxConnections: 40),
                               to: primary.dataDirectory + "/postgresql.conf", shell: shell)
        try PostgresConfig.hba.write(toFile: primary.dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try primary.start()
        try primary.psql(["CREATE DATABASE \(Self.database)"])
        try primary.psql([PostgresWorkload.schemaSQL], database: Self.database)
        try shell.runAsServerUser([installation.pgBasebackup, "-h", "127.0.0.1", "-p", String(primary.port), "-U", shell.serverUser,
                                   "-D", standby.dataDirectory, "-R", "-X", "stream", "-c", "fast"], timeoutSeconds: 300)
        try appendAsServerUser(PostgresConfig.standby(port: standby.port, socketDirectory: serverRoot),
                               to: standby.dataDirectory + "/postgresql.conf", shell: shell)
        try standby.start()
        try waitFor("the standby to stream from the primary", timeoutSeconds: 60) {
            try primary.psql(["SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"]) == "1"
        }
    }

    /// Files stay owned by the server user: the text is appended through an existing file handle.
    private func appendAsServerUser(_ text: String, to path: String, shell: PostgresShell) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot open \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// ALTER SYSTEM the mode's settings, reload, and wait until the standby shows the expected sync state.
    private func enter(_ mode: PostgresConfig.Mode, primary: PostgresServer) throws {
        try primary.psql(mode.settings.map { "ALTER SYSTEM SET \($0.name) = '\($0.value)'" } + ["SELECT pg_reload_conf()"])
        try waitFor("the standby to become \(mode.expectedSyncState)", timeoutSeconds: 30) {
            try primary.psql(["SELECT sync_state FROM pg_stat_replication"]) == mode.expectedSyncState
        }
    }

    /// One pgbench run from empty tables after a checkpoint, with a per-transaction log for percentiles.
    private func measure(mode: PostgresConfig.Mode, clients: Int, primary: PostgresServer, scriptPath: String,
                         shell: PostgresShell, installation: PostgresInstallation) throws -> PostgresRun {
        try primary.psql([PostgresWorkload.resetSQL, "CHECKPOINT"], database: Self.database)
        let logDirectory = shell.scratchDirectory + "/log-\(mode.key(clients: clients))"
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        let output = try shell.run(
            [installation.pgbench, "-n", "-h", "127.0.0.1", "-p", String(primary.port), "-U", shell.serverUser,
             "-M", "prepared", "-c", String(clients), "-j", String(clients), "-T", String(Int(secondsPerRun)),
             "--progress", String(Int(secondsPerRun)), "-f", scriptPath, "--log", "--log-prefix", logDirectory + "/tx", Self.database],
            timeoutSeconds: secondsPerRun + 120)
        let parsed = try PgbenchOutput.parse(output.stdout)
        var latencies = [Double]()
        for file in try FileManager.default.contentsOfDirectory(atPath: logDirectory) {
            let path = logDirectory + "/" + file
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            // A run's log is about 40 bytes a transaction; 500 MB would be 12 million, far above any run here.
            guard size <= 500_000_000 else { throw BenchError("pgbench log \(path) is \(size) bytes, over the 500 MB read limit") }
            latencies += PgbenchOutput.latenciesMs(fromLog: try String(contentsOfFile: path, encoding: .utf8))
        }
        return PostgresRun(mode: mode.rawValue, clients: clients, output: parsed,
                           latency: latencies.isEmpty ? nil : LatencySummary(samplesMs: latencies))
    }

    private func waitFor(_ what: String, timeoutSeconds: Double, _ condition: () throws -> Bool) throws {
        let watch = Stopwatch()
        while watch.elapsedSeconds < timeoutSeconds {
            if try condition() { return }
            usleep(100_000)
        }
        throw BenchError("timed out after \(Int(timeoutSeconds)) s waiting for \(what)")
    }
}
