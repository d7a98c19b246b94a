import Foundation
import NodeLauncher
import Synchronization

/// Injects and heals faults on the cluster: proxies for the network,
/// signals for processes, restarts for clocks.
final class Nemesis: Sendable {
    private let cluster: [ClusterNode]
    private let binary: CasenodeBinary
    private let log: @Sendable (String) -> Void
    private let state = Mutex<(exercised: Set<FaultKind>, skipped: [FaultKind: String])>(([], [:]))

    init(cluster: [ClusterNode], binary: CasenodeBinary, log: @escaping @Sendable (String) -> Void) {
        self.cluster = cluster
        self.binary = binary
        self.log = log
    }

    var exercised: Set<FaultKind> { state.withLock { $0.exercised } }
    var skipped: [FaultKind: String] { state.withLock { $0.skipped } }

    private var ids: [String] { cluster.map(\.id) }

    private func node(_ id: String) -> ClusterNode {
        guard let node = cluster.first(where: { $0.id == id }) else { preconditionFailure("no node \(id) in the cluster") }
        return node
    }

    func inject(_ event: FaultEvent) {
        if let reason = unsupported(event.kind) {
            log("skip \(event.kind.rawValue): \(reason)")
            state.withLock { $0.skipped[event.kind] = reason }
            return
        }
        log("inject \(event.description)")
        switch event.kind {
        case .partitionHalves, .partitionIsolated, .partitionBridge, .partitionRing, .partitionOneWay:
            guard let partition = Partition(event, nodes: ids) else { return }
            let mode: LinkMode = event.amountMs == 0 ? .blackHole : .refuse
            for link in partition.cut.sorted() {
                node(link.to).proxy.setMode(mode, from: link.from)
                node(link.to).proxy.resetConnections(from: link.from)
            }
        case .kill:
            node(event.nodes[0]).kill9()
        case .pause:
            node(event.nodes[0]).pause()
        case .clockOffset:
            restart(event.nodes[0], clockOffsetMs: event.amountMs)
        case .linkDelay:
            for sender in event.nodes {
                for receiver in cluster where receiver.id != sender {
                    receiver.proxy.setMode(.delay(ms: event.amountMs), from: sender)
                }
            }
        case .connectionReset:
            for target in event.nodes {
                var closed = node(target).proxy.resetConnections()
                for receiver in cluster where receiver.id != target { closed += receiver.proxy.resetConnections(from: target) }
                log("reset \(closed) connections of \(target)")
            }
        case .diskFull:
            // Every write from now on fails: filings must get 507, none acknowledged.
            debugStorage(event.nodes[0], body: #"{"diskFullAfterBytes": 0}"#)
        }
        state.withLock { _ = $0.exercised.insert(event.kind) }
    }

    func heal(_ event: FaultEvent) {
        guard unsupported(event.kind) == nil else { return }
        switch event.kind {
        case .partitionHalves, .partitionIsolated, .partitionBridge, .partitionRing, .partitionOneWay, .linkDelay:
            for node in cluster { node.proxy.clearModes() }
        case .kill:
            restart(event.nodes[0], clockOffsetMs: nil, afterKill: true)
        case .pause:
            node(event.nodes[0]).resume()
        case .clockOffset:
            restart(event.nodes[0], clockOffsetMs: nil)
        case .connectionReset:
            break
        case .diskFull:
            debugStorage(event.nodes[0], body: #"{"clear": true}"#)
        }
        log("healed \(event.kind.rawValue)")
    }

    /// Every link back to pass, every node running and unpaused.
    func healAll() {
        for node in cluster {
            node.proxy.clearModes()
            node.resume()
            if !node.isRunning { restartLogged(node, clockOffsetMs: nil) }
            if binary.supportsDebugFaults { debugStorage(node.id, body: #"{"clear": true}"#) }
        }
    }

    /// `POST /v1/debug/storage` on a node started with `--debug-faults`.
    private func debugStorage(_ id: String, body: String) {
        let target = node(id)
        do {
            let client = try HTTPClientFactory.client(target.baseURL)
            defer { client.close() }
            let response = try client.send(
                "POST", "/v1/debug/storage", headers: [("Content-Type", "application/json"), target.adminAuthorization], body: Array(body.utf8))
            log("\(id) debug storage \(body): \(response.status) \(response.bodyText.prefix(120))")
        } catch {
            log("\(id) debug storage \(body) failed: \(error)")
        }
    }

    private func unsupported(_ kind: FaultKind) -> String? {
        if kind == .clockOffset && !binary.supportsClockOffset {
            return "this casenode has no --clock-offset-ms flag (build one that has it to exercise clock faults)"
        }
        if kind == .diskFull && !binary.supportsDebugFaults {
            return "this casenode has no --debug-faults flag (build one that has it to exercise storage faults)"
        }
        return nil
    }

    private func restart(_ id: String, clockOffsetMs: Int?, afterKill: Bool = false) {
        let target = node(id)
        if !afterKill, !target.terminate() {
            log("\(id) did not stop within \(CasenodeProcess.stopTimeoutSeconds) s of SIGTERM and was killed: a bug to look for in its log")
        }
        restartLogged(target, clockOffsetMs: clockOffsetMs)
    }

    private func restartLogged(_ node: ClusterNode, clockOffsetMs: Int?) {
        do {
            try node.start(clockOffsetMs: clockOffsetMs)
            log("restarted \(node.id)" + (clockOffsetMs.map { " with its clock \($0) ms off" } ?? ""))
        } catch {
            log("could not restart \(node.id): \(error)")
        }
    }
}
