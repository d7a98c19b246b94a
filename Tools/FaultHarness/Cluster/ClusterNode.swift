import Foundation
import Synchronization
import NodeLauncher

/// One casenode process of the test cluster, behind its fault proxy.
///
/// The node advertises its proxy's address, so every peer reaches it through
/// the proxy; its HTTP port is its own (clients are not partitioned). On a
/// restart it asks for the same ports again, so clients and the proxy keep
/// finding it; if one is taken meanwhile it takes new ones.
public final class ClusterNode: Sendable {
    public let id: String
    public let proxy: FaultProxy
    private let process: CasenodeProcess

    /// `baseArguments` are the cluster-wide flags (cluster id, join list, timings).
    public init(id: String, proxy: FaultProxy, directory: String, binary: CasenodeBinary, baseArguments: [String]) {
        self.id = id
        self.proxy = proxy
        process = CasenodeProcess(
            executable: binary.path, id: id, dataDirectory: directory + "/\(id)",
            extraArguments: ["--advertise-peer", proxy.listenAddress] + baseArguments, ports: .sameAtRestart)
    }

    public var dataDirectory: String { process.dataDirectory }
    /// Standard error of every run of this node, appended.
    public var logPath: String { process.logPath }
    /// "http://127.0.0.1:PORT" once started.
    public var baseURL: String { process.baseURL }
    public var isRunning: Bool { process.isRunning }

    /// The header that lets the harness act as this node's admin (see `CasenodeProcess.adminToken`).
    /// Without a token the header is empty and the node answers 401, which the harness reports.
    public var adminAuthorization: (String, String) { ("Authorization", "Bearer \(process.adminToken)") }

    /// Starts the node (with a clock offset if given) and points its proxy at
    /// its peer port. Throws if it does not report its address in time.
    public func start(clockOffsetMs: Int? = nil) throws {
        try process.start(adding: clockOffsetMs.map { ["--clock-offset-ms", String($0)] } ?? [])
        proxy.setUpstream(host: "127.0.0.1", port: process.peerPort)
    }

    /// kill -9, and waits for the process to be gone.
    public func kill9() { process.kill9() }

    /// SIGTERM (a clean stop), and waits; SIGKILL if the node has not stopped within
    /// `CasenodeProcess.stopTimeoutSeconds`.
    /// Returns false when it had to be killed.
    @discardableResult
    public func terminate() -> Bool { process.stop() }

    /// SIGSTOP: the process freezes, sockets stay open, nothing answers.
    public func pause() { process.pause() }

    /// SIGCONT after `pause`; harmless otherwise.
    public func resume() { process.resume() }
}
