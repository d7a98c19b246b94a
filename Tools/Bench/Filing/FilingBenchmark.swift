import CaseCore
import Foundation
import CaseSupport
import NodeLauncher

/// The filing benchmark: for each client count, a fresh node in a fresh data
/// directory (a day's dossier codes per agency are bounded at 9,999, and an
/// empty database is the same start for every count), a short warm-up, then
/// the measured load with the node's CPU and memory sampled around it.
public struct FilingBenchmark {
    public let executable: String
    public let dataRoot: String
    public let clientCounts: [Int]
    /// Filings per measured run (bounded by `maxFilingsPerRun`) and the time cap of a run.
    public let filingsPerRun: Int
    public let maxSecondsPerRun: Double
    public let idleSeconds: Double
    /// Profile the node with `perf` during the run with this many clients (nil: no profile).
    public let profileClients: Int?
    /// Where progress lines go.
    public let log: @Sendable (String) -> Void

    /// Filings first sent to wake every path up (connections, statement caches, page cache).
    public static let warmupFilings = 100
    /// Below a day's 9,999 dossier codes of one agency, with room for the warm-up.
    public static let maxFilingsPerRun = 9_500

    public init(
        executable: String, dataRoot: String, clientCounts: [Int], filingsPerRun: Int, maxSecondsPerRun: Double,
        idleSeconds: Double, profileClients: Int?, log: @escaping @Sendable (String) -> Void
    ) {
        precondition(filingsPerRun > 0 && filingsPerRun <= Self.maxFilingsPerRun, "1 to \(Self.maxFilingsPerRun) filings per run")
        self.executable = executable
        self.dataRoot = dataRoot
        self.clientCounts = clientCounts
        self.filingsPerRun = filingsPerRun
        self.maxSecondsPerRun = maxSecondsPerRun
        self.idleSeconds = idleSeconds
        self.profileClients = profileClients
        self.log = log
    }

    /// The profile, led by the shares of the parts that matter for the write path.
    static func profileFinding(_ summary: String, clients: Int) -> String {
        let parts: [(symbol: String, meaning: String)] = [
            ("WriterQueue.runOnQueue", "inside the writer queue (one thread, so this part is serial)"),
            ("normalizedMarks", "in VietnameseText.normalizedMarks (NFC normalisation of text)"),
            ("JSONObjectReader.string", "in JSONObjectReader.string (reading JSON strings, normalisation included)"),
            ("HTTPServerConnection.run", "in the HTTP connection threads"),
        ]
        let shares = parts.compactMap { part in PerfProfiler.share(of: part.symbol, in: summary).map { "\($0)% \(part.meaning)" } }
        let lead = shares.isEmpty ? "" : " Of the node's on-CPU samples: " + shares.joined(separator: "; ") + "."
        return "perf profile of the node at \(clients) client(s), in a run of its own after the one measured (perf beside a node takes CPU the node would have), inclusive on-CPU time by function.\(lead)\n\(summary)"
    }

    /// Runs every client count; `findings` receives profile summaries.
    public func run(findings: inout [String]) throws -> FilingResult {
        var factory = FilingFactory(seed: 7)
        // No `actor`: with API tokens the token says who acts, and a node refuses the field.
        let bodies = (0..<1_000).map { _ in JSONWriter.serialize(ReplicationBenchmark.withoutActor(factory.next())) }
        let requestBytes = bodies.reduce(0) { $0 + $1.count } / bodies.count
        var runs = [FilingRun]()
        var idle: ProcessUsage?
        for clients in clientCounts {
            let node = CasenodeProcess(executable: executable, id: "bench", dataDirectory: dataRoot + "/node-\(clients)c")
            try node.start()
            defer { node.stop() }
            let sampler = ProcessSampler(pid: node.pid!)
            let generator = LoadGenerator(baseURL: node.baseURL, headers: node.authorizationHeaders, bodies: bodies)
            let warm = generator.run(clients: 1, totalRequests: Self.warmupFilings, maxSeconds: 60)
            guard warm.failed == 0 else {
                throw BenchError("warm-up filings failed at \(node.baseURL): \(warm.failureSamples.joined(separator: "; ")); node log \(node.logPath)")
            }
            if idle == nil {
                log("  node idle for \(idleSeconds) s")
                let start = try sampler.read()
                Thread.sleep(forTimeInterval: idleSeconds)
                idle = try sampler.usage(since: start)
            }
            log("  \(clients) client(s): up to \(filingsPerRun) filings or \(maxSecondsPerRun) s")
            let start = try sampler.read()
            let commitsBefore = GroupCommitReading.read(baseURL: node.baseURL, headers: node.authorizationHeaders)
            let outcome = generator.run(clients: clients, totalRequests: filingsPerRun, maxSeconds: maxSecondsPerRun)
            let usage = try sampler.usage(since: start)
            let commitsAfter = GroupCommitReading.read(baseURL: node.baseURL, headers: node.authorizationHeaders)
            if !outcome.failureSamples.isEmpty {
                findings.append("\(outcome.failed) filing(s) failed at \(clients) client(s), e.g. \(outcome.failureSamples[0])")
            }
            let sorted = outcome.latenciesMs.sorted()
            let run = FilingRun(
                clients: clients, filed: outcome.latenciesMs.count, failed: outcome.failed, seconds: outcome.seconds,
                latency: LatencySummary(samplesMs: outcome.latenciesMs), node: usage,
                latencySampleMs: LatencySummary.thinned(sorted),
                filingsPerCommit: commitsBefore.flatMap { before in commitsAfter?.writesPerCommit(since: before) })
            log(String(format: "    %.0f filings/s, p50 %.2f ms, p99 %.2f ms, node %.2f cores", run.filingsPerSecond, run.latency.p50Ms, run.latency.p99Ms, usage.cpuCores))
            runs.append(run)
            // Profiled apart from the run measured: perf following the node's threads takes
            // CPU the node would otherwise have, up to a core of the two.
            if clients == profileClients, let profiler = PerfProfiler.start(pid: node.pid!, directory: dataRoot) {
                log("  \(clients) client(s) again, profiled with perf (not counted)")
                _ = generator.run(clients: clients, totalRequests: filingsPerRun, maxSeconds: maxSecondsPerRun)
                if let summary = profiler.finish() { findings.append(Self.profileFinding(summary, clients: clients)) }
            }
        }
        return FilingResult(requestBytes: requestBytes, runs: runs, idle: idle)
    }
}
