import Foundation
import CaseSystem

/// Starts and stops one release-built `casenode` for a benchmark, in a data
/// directory of its own, on ports the kernel picks (port 0; the chosen ones
/// are read from the line the node prints when it serves).
///
/// Every flag a benchmark node gets is decided here, so a change to how nodes
/// must be started (a shared `--cluster-key FILE` for multi-node runs, say)
/// is one line in `arguments`.
public final class NodeLauncher {
    public let executable: String
    public let dataDirectory: String
    public let id: String
    /// Extra flags for every start, e.g. `["--cluster-key", path]` (see `writeClusterKey`) and
    /// `--join`; a variable so a cluster can restart a node with another `--agency`.
    public var extraArguments: [String]
    public private(set) var httpPort: UInt16 = 0
    public private(set) var peerPort: UInt16 = 0
    private var process: Process?

    /// How long a node may take to report its address: a cold start with migrations takes well under a second.
    public static let startTimeoutSeconds = 30.0

    public init(executable: String, dataDirectory: String, id: String = "bench", extraArguments: [String] = []) {
        self.executable = executable
        self.dataDirectory = dataDirectory
        self.id = id
        self.extraArguments = extraArguments
    }

    /// The command line of the node: port 0 at the first start, the same ports again at a
    /// restart (so the other members of a cluster find a restarted node where it was).
    public var arguments: [String] {
        ["--id", id, "--data", dataDirectory, "--http", "127.0.0.1:\(httpPort)", "--peer", "127.0.0.1:\(peerPort)"] + extraArguments
    }

    public var baseURL: String { "http://127.0.0.1:\(httpPort)" }
    public var pid: Int32? { process?.processIdentifier }
    public var logPath: String { dataDirectory + ".log" }

    /// Headers every API request needs: `Authorization: Bearer <secret>` once the node has
    /// written `<data dir>/admin.token` (nodes with API tokens do at first start), none before.
    public var authorizationHeaders: [(String, String)] {
        guard let token = try? String(contentsOfFile: dataDirectory + "/admin.token", encoding: .utf8) else { return [] }
        let secret = token.trimmingCharacters(in: .whitespacesAndNewlines)
        return secret.isEmpty ? [] : [("Authorization", "Bearer \(secret)")]
    }

    /// Starts the node and waits (bounded) until it says where it serves.
    public func start() throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let outputPath = dataDirectory + ".out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let output = FileHandle(forWritingAtPath: outputPath), let log = FileHandle(forWritingAtPath: logPath) else {
            throw BenchError("cannot open \(outputPath) or \(logPath) for writing")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = log
        try process.run()
        self.process = process
        let watch = Stopwatch()
        while watch.elapsedSeconds < Self.startTimeoutSeconds {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let http = Self.port(after: "http://127.0.0.1:", in: text), let peer = Self.port(after: "peer 127.0.0.1:", in: text) {
                (httpPort, peerPort) = (http, peer)
                return
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        stop()
        throw BenchError("casenode did not report its address within \(Self.startTimeoutSeconds) s; see \(logPath)")
    }

    /// SIGTERM and wait; SIGKILL if it has not stopped within 30 s.
    public func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        let watch = Stopwatch()
        while process.isRunning && watch.elapsedSeconds < 30 { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The port number after `marker` in the node's output, if printed yet.
    static func port(after marker: String, in text: String) -> UInt16? {
        guard let range = text.range(of: marker) else { return nil }
        return UInt16(text[range.upperBound...].prefix(while: \.isNumber))
    }
}
