import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// Safe retries on real processes: the real casectl files and acts with an Idempotency-Key,
/// and the same command run again, at the same node or at another of the cluster once the
/// dossier replicated there, answers the original dossier instead of making a second one.
final class IdempotencyEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
    }

    private func startNode(_ id: String, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "e2e-retry"]
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, dataDirectory: CasenodeProcess.temporaryDirectory(id), extraArguments: arguments)
        nodes.append(node)
        try node.start()
        return node
    }

    private static let key = "e2e-retry-7d1c9f0e2b7a4c11"
    private static let filing = ["file", "--procedure", "1.001193", "--name", "Nguyễn Văn Ánh", "--id-number", "001090012345"]

    /// casectl at `node` with `token`'s admin rights (the same caller, so the same key scope, at every node).
    private func casectl(_ arguments: [String], at node: CasenodeProcess, as admin: CasenodeProcess) throws -> CasectlProcess.Run {
        try CasectlProcess.run(["--node", node.baseURL] + arguments, environment: admin.adminEnvironment)
    }

    private func code(_ run: CasectlProcess.Run) throws -> String {
        XCTAssertEqual(run.exitCode, 0, run.error)
        return try XCTUnwrap(try JSONParser().parse(Array(run.standard.utf8))["code"]?.stringValue, run.standard)
    }

    private func eventCount(_ node: CasenodeProcess) throws -> Int64? {
        try node.cluster()["eventsHeld"]?.int64Value
    }

    func testARetriedFilingAndStepAnswerTheOriginalAtTheSameNodeAndAtAnother() throws {
        let n1 = try startNode("n1", joining: [])
        let n2 = try startNode("n2", joining: [n1])
        try waitForTokens([n1, n2])

        let filed = try code(try casectl(["--json"] + Self.filing + ["--idempotency-key", Self.key], at: n1, as: n1))
        let again = try casectl(Self.filing + ["--idempotency-key", Self.key], at: n1, as: n1)
        XCTAssertEqual(again.exitCode, 0, again.error)
        XCTAssertTrue(again.standard.contains("Already filed") && again.standard.contains(filed), again.standard)

        // At another node of the cluster, once the dossier (and with it the key) replicated there.
        try eventually("n2 holds the dossier") { try n2.client().json("GET", "/v1/dossiers/\(filed)").status == 200 }
        XCTAssertEqual(try code(try casectl(["--json"] + Self.filing + ["--idempotency-key", Self.key], at: n2, as: n1)), filed)

        // The same key for a different filing is refused, and nothing is saved anywhere.
        let other = try casectl(Self.filing.map { $0 == "001090012345" ? "001090012346" : $0 } + ["--idempotency-key", Self.key], at: n2, as: n1)
        XCTAssertEqual(other.exitCode, 1, other.standard)
        XCTAssertTrue(other.error.contains("idempotency_key_reused"), other.error)

        // A step retried is taken once.
        let stepKey = "e2e-step-0000000000000001"
        XCTAssertEqual(try casectl(["act", filed, "start", "--idempotency-key", stepKey], at: n1, as: n1).exitCode, 0)
        let step = try casectl(["act", filed, "start", "--idempotency-key", stepKey], at: n1, as: n1)
        XCTAssertEqual(step.exitCode, 0, step.error)
        XCTAssertTrue(step.standard.contains("Already done"), step.standard)

        // Without a key given, each run is a new request: a second filing is a second dossier.
        let fresh = try code(try casectl(["--json"] + Self.filing, at: n1, as: n1))
        XCTAssertNotEqual(fresh, filed)
        try eventually("both nodes hold the same three events") { try [n1, n2].allSatisfy { try eventCount($0) == 3 } }
    }
}
