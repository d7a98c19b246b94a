import CaseNet
import Foundation
import CaseSupport

/// One client thread's work: file dossiers and apply workflow steps, going
/// round the nodes, and record each operation's outcome.
public struct WorkloadClient: Sendable {
    public let index: Int
    public let nodes: [ClusterNode]
    public let history: OperationHistory
    /// A client waits this long for an answer before calling it indeterminate:
    /// longer than a healthy node ever needs, short enough to move on from a paused one.
    public static let requestTimeoutMs = 3_000
    /// Each client does at most about one operation per this many milliseconds,
    /// so a 30-minute soak stays far below a node's 10,000 filings a day.
    public static let paceMs = 100
    /// Workflow steps the clients try; `note` is always allowed, the others
    /// may be refused (409) or conflict with a concurrent step elsewhere.
    static let actions = ["note", "note", "start", "request-supplement", "request-withdrawal", "note"]

    public init(index: Int, nodes: [ClusterNode], history: OperationHistory) {
        self.index = index
        self.nodes = nodes
        self.history = history
    }

    /// Runs until `shouldStop` says so or the history is full.
    public func run(seed: UInt64, clock: MonotonicMilliseconds, shouldStop: @Sendable () -> Bool) {
        var random = SeededRandom(seed: seed &+ UInt64(index) &* 7_919)
        var sequence = 0
        while !shouldStop(), !history.isFull {
            let node = nodes[(index + sequence) % nodes.count]
            sequence += 1
            let token = "c\(index)-\(sequence)"
            let started = clock.elapsedMs
            var operation: Operation
            if Int.random(in: 0..<10, using: &random) < 4, let code = history.dossier(at: Int.random(in: 0..<1_000_000, using: &random)) {
                let action = Self.actions.randomElement(using: &random)!
                operation = step(action, on: code, token: token, node: node)
            } else {
                operation = file(token: token, node: node)
            }
            operation.startMs = started
            operation.endMs = clock.elapsedMs
            history.record(operation)
            let spent = operation.endMs - started
            if spent < Self.paceMs { usleep(UInt32(Self.paceMs - spent) * 1_000) }
        }
    }

    func file(token: String, node: ClusterNode) -> Operation {
        let body: JSONValue = .object([
            "procedureCode": .string("1.001193"),
            "applicant": .object(["fullName": .string("Khach Hang"), "idNumber": .string("001090012345"), "birthDate": .string("1990-05-01")]),
            "documents": .array([.object(["name": .string(WorkloadClient.tokenPrefix + token), "originals": .int(1), "copies": .int(0)])]),
        ])
        var operation = Operation(token: token, client: index, node: node.id, kind: .file, outcome: .failed)
        send("/v1/dossiers", body: body, to: node, expecting: 201, into: &operation)
        return operation
    }

    func step(_ action: String, on code: String, token: String, node: ClusterNode) -> Operation {
        let body: JSONValue = .object(["action": .string(action), "note": .string(WorkloadClient.tokenPrefix + token)])
        var operation = Operation(token: token, client: index, node: node.id, kind: .step, action: action, dossier: code, outcome: .failed)
        send("/v1/dossiers/\(code)/actions", body: body, to: node, expecting: 200, into: &operation)
        return operation
    }

    /// Marks operations in documents and notes: "op c1-17".
    public static let tokenPrefix = "op "

    /// Classifies the answer: the expected status is an acknowledgement; a
    /// refusal that promises nothing was saved (4xx, 503, 507) is a failure;
    /// no answer, a broken connection or any other 5xx is indeterminate.
    private func send(_ path: String, body: JSONValue, to node: ClusterNode, expecting: Int, into operation: inout Operation) {
        let response: HTTPResponse
        do {
            let client = try HTTPClient(baseURL: node.baseURL, timeoutMs: Self.requestTimeoutMs)
            defer { client.close() }
            response = try client.send(
                "POST", path, headers: [("Content-Type", "application/json"), node.adminAuthorization], body: JSONWriter.serialize(body))
        } catch HTTPClientError.cannotConnect(_, let reason) {
            operation.outcome = .failed
            operation.error = "cannot connect: \(reason)"
            return
        } catch {
            operation.outcome = .indeterminate
            operation.error = "\(error)"
            return
        }
        operation.status = response.status
        if response.status == expecting {
            operation.outcome = .ok
            if operation.kind == .file { operation.dossier = (try? response.jsonBody())?["code"]?.stringValue }
        } else if (400..<500).contains(response.status) || response.status == 503 || response.status == 507 {
            operation.outcome = .failed
            operation.error = String(response.bodyText.prefix(200))
        } else {
            operation.outcome = .indeterminate
            operation.error = String(response.bodyText.prefix(200))
        }
    }
}
