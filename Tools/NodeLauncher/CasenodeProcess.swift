import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One `casenode` in a child process, on loopback: the one launcher behind the tests, the
/// fault harness and the benchmarks.
///
/// The node keeps its data in `dataDirectory`. Its standard output goes to `outputPath`
/// (the latest run's) and its standard error to `logPath` (every run's, appended, each run
/// headed by its command line). Files, not pipes: nobody reads a pipe while a test or a
/// benchmark runs, and a node whose full pipe blocks its logging stops answering.
///
/// Ready means the node printed the line that says where it serves
/// (`casenode ID serving http://127.0.0.1:P, peer 127.0.0.1:Q (…)`). casenode prints it
/// only once both listeners are bound and serving, and after it set up its handling of
/// SIGTERM and SIGINT, so a request or a stop sent the moment `start` returns is answered;
/// and the line names the ports the kernel chose when asked for port 0. A `/healthz` poll
/// would prove no more and could not learn the peer port.
///
/// A process still running when its launcher goes away is killed (SIGKILL), so a test or a
/// run that fails half-way leaves no node behind.
public final class CasenodeProcess: Sendable {
    /// Which ports a node asks for when it is started again.
    public enum Ports: Sendable {
        /// Port 0 at every start: the kernel picks, as for a new node.
        case fresh
        /// The ports of the previous run, so the members of a cluster (and a proxy in front)
        /// find a restarted node where it was; new ones if those cannot be had.
        case sameAtRestart
    }

    /// How the latest run ended.
    public struct Exit: Equatable, Sendable {
        public let reason: Process.TerminationReason
        public let status: Int32
    }

    /// The loopback address every launched node listens on: these nodes serve tests and
    /// benchmarks on one machine, never a network.
    public static let host = "127.0.0.1"
    /// How long a node may take to say where it serves: a cold start with migrations takes
    /// well under a second; the bound only keeps a broken build from hanging a run.
    public static let startTimeoutSeconds = 30.0
    /// How long a clean stop (SIGTERM) may take before the node is killed: a node that does
    /// not stop is a bug to see in its log, not a reason for a run to hang.
    public static let stopTimeoutSeconds = 30.0
    /// How often the output file and the process are looked at while waiting: the start
    /// line arrives within milliseconds, so a short pause costs nothing.
    static let pollMicroseconds: UInt32 = 20_000
    /// How much of a node's standard error a failed start quotes: its last words (the reason
    /// it exits is the last line), not every line it logged while it ran.
    public static let quotedErrorBytes = 8_192

    public let executable: String
    public let id: String
    public let dataDirectory: String
    /// Standard output of the latest run (where the start line is read).
    public let outputPath: String
    /// Standard error of every run, appended.
    public let logPath: String
    private let ports: Ports
    private let state: Mutex<State>

    private struct State {
        var extraArguments: [String]
        var process: Process?
        var httpPort: UInt16 = 0
        var peerPort: UInt16 = 0
        var isPaused = false
        /// Where the latest run's standard error begins in the log.
        var logOffset: UInt64 = 0
    }

    /// A node `id` keeping its data in `dataDirectory`, run from `executable`.
    /// `extraArguments` are added at every start (cluster id, key, join list, timings…).
    public init(executable: String, id: String = "local", dataDirectory: String, extraArguments: [String] = [], ports: Ports = .fresh) {
        self.executable = executable
        self.id = id
        self.dataDirectory = dataDirectory
        self.ports = ports
        outputPath = dataDirectory + ".out"
        logPath = dataDirectory + ".log"
        state = Mutex(State(extraArguments: extraArguments))
    }

    deinit {
        kill9()
    }

    // MARK: - What it is started with, and where it serves

    /// Flags added at every start; a variable so a cluster can restart a node with other ones.
    public var extraArguments: [String] {
        get { state.withLock { $0.extraArguments } }
        set { state.withLock { $0.extraArguments = newValue } }
    }

    /// The command line of the next start (without `start`'s own additions): port 0 at the
    /// first start, and at a restart of a `.sameAtRestart` node the ports it had.
    public var arguments: [String] {
        state.withLock { state in
            Self.arguments(id: id, dataDirectory: dataDirectory, httpPort: state.httpPort, peerPort: state.peerPort, extra: state.extraArguments)
        }
    }

    private static func arguments(id: String, dataDirectory: String, httpPort: UInt16, peerPort: UInt16, extra: [String]) -> [String] {
        ["--id", id, "--data", dataDirectory, "--http", "\(host):\(httpPort)", "--peer", "\(host):\(peerPort)"] + extra
    }

    public var httpPort: UInt16 { state.withLock { $0.httpPort } }
    public var peerPort: UInt16 { state.withLock { $0.peerPort } }
    /// "http://127.0.0.1:PORT" once started.
    public var baseURL: String { "http://\(Self.host):\(httpPort)" }
    /// "127.0.0.1:PORT" of the peer listener, what other nodes `--join`.
    public var peerAddress: String { "\(Self.host):\(peerPort)" }

    public var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }
    /// The process id of the latest run, once started.
    public var pid: Int32? { state.withLock { $0.process?.processIdentifier } }

    // MARK: - What it wrote

    /// The admin token the node wrote into its data directory on its first start ("" when there
    /// is none, which the node answers with 401). Read at each use: a node rebuilt from its
    /// peers writes a new one.
    public var adminToken: String {
        let path = (dataDirectory as NSString).appendingPathComponent("admin.token")
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `Authorization: Bearer <admin token>` once the node has written one, none before.
    public var authorizationHeaders: [(String, String)] {
        let token = adminToken
        return token.isEmpty ? [] : [("Authorization", "Bearer \(token)")]
    }

    /// Standard error of the latest run so far.
    public var errorOutput: String {
        let offset = state.withLock { $0.logOffset }
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The port number after `marker` in the node's output, if printed yet.
    public static func port(after marker: String, in text: String) -> UInt16? {
        guard let range = text.range(of: marker) else { return nil }
        return UInt16(text[range.upperBound...].prefix(while: \.isNumber))
    }

    // MARK: - Starting

    /// Starts the node, with `runArguments` added for this run only (a join list, a clock
    /// offset), and waits, bounded, until it says where it serves. Throws, quoting what the
    /// node wrote to its standard error, if it exits first or does not say so in time.
    public func start(adding runArguments: [String] = []) throws {
        let (httpPort, peerPort) = state.withLock { ($0.httpPort, $0.peerPort) }
        guard ports == .sameAtRestart, httpPort != 0 else {
            return try launch(httpPort: 0, peerPort: 0, adding: runArguments)
        }
        do {
            try launch(httpPort: httpPort, peerPort: peerPort, adding: runArguments)
        } catch {
            // Most likely a port was taken while the node was down: let the kernel pick.
            try launch(httpPort: 0, peerPort: 0, adding: runArguments)
        }
    }

    private func launch(httpPort: UInt16, peerPort: UInt16, adding runArguments: [String]) throws {
        precondition(!isRunning, "casenode \(id) is already running")
        let arguments = state.withLock { state in
            Self.arguments(id: id, dataDirectory: dataDirectory, httpPort: httpPort, peerPort: peerPort, extra: state.extraArguments + runArguments)
        }
        // The node makes its data directory itself (owner-only); the files beside it (its
        // output and log, which may hold dossier codes) need their folder, owner-only too.
        try FileManager.default.createDirectory(
            atPath: (dataDirectory as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let output = try Self.openForWriting(outputPath, adding: O_TRUNC)
        defer { try? output.close() }
        let log = try Self.openForWriting(logPath, adding: O_APPEND)
        defer { try? log.close() }
        try log.write(contentsOf: Data("--- starting \(id): \(executable) \(arguments.joined(separator: " "))\n".utf8))
        let logOffset = try log.seekToEnd()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = log
        try process.run()
        state.withLock { state in
            state.process = process
            state.isPaused = false
            state.logOffset = logOffset
        }
        let ports = try waitUntilServing(process)
        state.withLock { state in
            (state.httpPort, state.peerPort) = ports
        }
    }

    /// Opens `path` for writing, creating it owner-only, with `flags` added (`O_TRUNC`, `O_APPEND`).
    /// Close-on-exec, so no other child inherits it; the node gets it as its output all the same.
    private static func openForWriting(_ path: String, adding flags: Int32) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o600)
        guard descriptor >= 0 else { throw LaunchError("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Polls the node's standard output for the start line; returns the two ports it names.
    private func waitUntilServing(_ process: Process) throws -> (http: UInt16, peer: UInt16) {
        let deadline = ContinuousClock.now + .seconds(Self.startTimeoutSeconds)
        while true {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let http = Self.port(after: "http://\(Self.host):", in: text), let peer = Self.port(after: "peer \(Self.host):", in: text) {
                return (http, peer)
            }
            guard process.isRunning else {
                process.waitUntilExit()
                throw LaunchError(
                    "casenode \(id) exited (status \(process.terminationStatus)) before it said where it serves: \(lastWords()); see \(logPath)")
            }
            guard ContinuousClock.now < deadline else {
                kill9()
                throw LaunchError(
                    "casenode \(id) did not say where it serves within \(Self.startTimeoutSeconds) s: \(lastWords()); see \(logPath)")
            }
            usleep(Self.pollMicroseconds)
        }
    }

    /// The end of the latest run's standard error, for an error message.
    private func lastWords() -> String {
        String(decoding: Array(errorOutput.utf8.suffix(Self.quotedErrorBytes)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Stopping and signals

    /// SIGTERM (a clean stop), and waits; SIGKILL if the node has not stopped within
    /// `stopTimeoutSeconds`. Returns false when it had to be killed.
    @discardableResult
    public func stop() -> Bool {
        resume()
        guard let process = state.withLock({ $0.process }), process.isRunning else { return true }
        send(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(Self.stopTimeoutSeconds)
        while process.isRunning && ContinuousClock.now < deadline { usleep(Self.pollMicroseconds) }
        guard process.isRunning else {
            process.waitUntilExit()
            return true
        }
        kill9()
        return false
    }

    /// A crash: SIGKILL, no chance to close anything; waits until the process is gone.
    public func kill9() {
        send(SIGKILL)
        _ = waitUntilExit()
    }

    /// SIGSTOP: the process freezes, its sockets stay open, nothing answers.
    public func pause() {
        send(SIGSTOP)
        state.withLock { $0.isPaused = true }
    }

    /// SIGCONT after `pause`; harmless otherwise.
    public func resume() {
        let paused = state.withLock { state in
            defer { state.isPaused = false }
            return state.isPaused
        }
        if paused { send(SIGCONT) }
    }

    /// Sends `signal` to the running process (nothing if it is not running).
    public func send(_ signal: Int32) {
        state.withLock { state in
            guard let process = state.process, process.isRunning else { return }
            kill(process.processIdentifier, signal)
        }
    }

    /// Waits until the latest run has ended; how it ended (nil if never started).
    @discardableResult
    public func waitUntilExit() -> Exit? {
        guard let process = state.withLock({ $0.process }) else { return nil }
        process.waitUntilExit()
        return Exit(reason: process.terminationReason, status: process.terminationStatus)
    }

    /// Deletes the data directory and the output and log files (after a stop).
    public func removeFiles() {
        for path in [dataDirectory, outputPath, logPath] { try? FileManager.default.removeItem(atPath: path) }
    }
}
