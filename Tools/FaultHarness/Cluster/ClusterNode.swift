import Foundation
import Synchronization
import CaseSystem

/// One casenode process of the test cluster, behind its fault proxy.
///
/// The node advertises its proxy's address, so every peer reaches it through
/// the proxy; its HTTP port is its own (clients are not partitioned). On a
/// restart it asks for the same ports again, so clients and the proxy keep
/// finding it; if one is taken meanwhile it takes new ones.
public final class ClusterNode: Sendable {
    public let id: String
    public let proxy: FaultProxy
    public let dataDirectory: String
    /// Standard error of every run of this node, appended.
    public let logPath: String
    private let binary: CasenodeBinary
    private let baseArguments: [String]
    private let state = Mutex(State())

    /// How long a node may take to report its address after being started.
    static let startTimeoutMs = 30_000

    private struct State {
        var process: Process?
        var httpPort: UInt16 = 0
        var peerPort: UInt16 = 0
        var isPaused = false
    }

    /// `baseArguments` are the cluster-wide flags (cluster id, join list, timings).
    public init(id: String, proxy: FaultProxy, directory: String, binary: CasenodeBinary, baseArguments: [String]) {
        self.id = id
        self.proxy = proxy
        self.binary = binary
        self.baseArguments = baseArguments
        dataDirectory = directory + "/\(id)"
        logPath = directory + "/\(id).log"
    }

    /// "http://127.0.0.1:PORT" once started.
    public var baseURL: String { "http://127.0.0.1:\(state.withLock { $0.httpPort })" }

    public var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }

    /// Starts the node (with a clock offset if given) and points its proxy at
    /// its peer port. Throws if it does not report its address in time.
    public func start(clockOffsetMs: Int? = nil) throws {
        let (httpPort, peerPort) = state.withLock { ($0.httpPort, $0.peerPort) }
        do {
            try launch(httpPort: httpPort, peerPort: peerPort, clockOffsetMs: clockOffsetMs)
        } catch where httpPort != 0 {
            try launch(httpPort: 0, peerPort: 0, clockOffsetMs: clockOffsetMs)
        }
    }

    private func launch(httpPort: UInt16, peerPort: UInt16, clockOffsetMs: Int?) throws {
        var arguments = ["--id", id, "--data", dataDirectory, "--http", "127.0.0.1:\(httpPort)",
                         "--peer", "127.0.0.1:\(peerPort)", "--advertise-peer", proxy.listenAddress] + baseArguments
        if let clockOffsetMs { arguments += ["--clock-offset-ms", String(clockOffsetMs)] }
        let outputPath = dataDirectory + ".out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        guard let output = FileHandle(forWritingAtPath: outputPath), let log = FileHandle(forWritingAtPath: logPath) else {
            throw HarnessError("cannot open \(outputPath) or \(logPath) for writing")
        }
        log.seekToEndOfFile()
        log.write(Data("--- harness: starting \(id) with \(arguments.joined(separator: " "))\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary.path)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = log
        try process.run()
        state.withLock { $0.process = process }
        let ports = try waitForAddress(outputPath: outputPath, process: process)
        state.withLock { state in
            state.httpPort = ports.http
            state.peerPort = ports.peer
        }
        proxy.setUpstream(host: "127.0.0.1", port: ports.peer)
    }

    /// Polls the node's standard output for "serving http://…:P, peer …:Q".
    private func waitForAddress(outputPath: String, process: Process) throws -> (http: UInt16, peer: UInt16) {
        let clock = MonotonicMilliseconds()
        while clock.elapsedMs < Self.startTimeoutMs {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let http = Self.port(after: "http://127.0.0.1:", in: text), let peer = Self.port(after: "peer 127.0.0.1:", in: text) {
                return (http, peer)
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        throw HarnessError("\(id) did not report its address within \(Self.startTimeoutMs) ms; see \(logPath)")
    }

    static func port(after marker: String, in text: String) -> UInt16? {
        guard let range = text.range(of: marker) else { return nil }
        return UInt16(text[range.upperBound...].prefix(while: \.isNumber))
    }

    /// kill -9, and waits for the process to be gone.
    public func kill9() {
        signal(SIGKILL)
        wait()
    }

    /// How long a clean stop may take before the node is killed: a node that does not
    /// stop on SIGTERM is a bug to see in its log, not a reason for the run to hang.
    public static let stopTimeoutMs = 30_000

    /// SIGTERM (a clean stop), and waits; SIGKILL if the node has not stopped in time.
    /// Returns false when it had to be killed.
    @discardableResult
    public func terminate() -> Bool {
        resume()
        signal(SIGTERM)
        let deadline = Date().addingTimeInterval(Double(Self.stopTimeoutMs) / 1_000)
        while isRunning && Date() < deadline { usleep(20_000) }
        guard isRunning else { return true }
        signal(SIGKILL)
        wait()
        return false
    }


    /// SIGSTOP: the process freezes, sockets stay open, nothing answers.
    public func pause() {
        signal(SIGSTOP)
        state.withLock { $0.isPaused = true }
    }

    /// SIGCONT after `pause`; harmless otherwise.
    public func resume() {
        let paused = state.withLock { state in
            defer { state.isPaused = false }
            return state.isPaused
        }
        if paused { signal(SIGCONT) }
    }

    private func signal(_ number: Int32) {
        state.withLock { state in
            guard let process = state.process, process.isRunning else { return }
            kill(process.processIdentifier, number)
        }
    }

    private func wait() {
        let process = state.withLock { $0.process }
        process?.waitUntilExit()
    }
}
