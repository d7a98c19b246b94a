import CaseCore
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// Retirement is revocation, on three certified casenode processes driven by the real
/// casectl: only the root's decision retires a node, every member then refuses its
/// certificate, and only the root's readmission takes it back.
final class RevocationEndToEndTests: XCTestCase {
    private let nodes = CertifiedNodes()

    override func tearDown() {
        nodes.stopAll()
    }

    private func start(_ id: String, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        try nodes.start(id, joining: others)
    }

    private func state(of id: String, seenBy node: CasenodeProcess) throws -> String? {
        try node.cluster()["members"]?.arrayValue?.first { $0["id"]?.stringValue == id }?["state"]?.stringValue
    }

    private func casectl(_ arguments: [String], as node: CasenodeProcess) throws -> (status: Int32, standard: String, error: String) {
        let run = try CasectlProcess.run(["--node", node.baseURL] + arguments, environment: node.adminEnvironment)
        return (run.exitCode, run.standard, run.error)
    }

    func testOnlyTheRootRetiresAndReadmitsAndEveryMemberRefusesTheRevokedNode() throws {
        let n1 = try start("n1", joining: [])
        let n2 = try start("n2", joining: [n1])
        let n3 = try start("n3", joining: [n1, n2])
        try eventually("all three see three alive members") {
            try [n1, n2, n3].allSatisfy { node in try ["n1", "n2", "n3"].allSatisfy { try state(of: $0, seenBy: node) == "alive" } }
        }
        let rootKey = try CasenodeProcess.rootKeyFile()

        // Without the root key the dossiers move but n3 stays a member, and casectl says why.
        let unsigned = try casectl(["retire", "n3", "--successor", "n2"], as: n1)
        XCTAssertEqual(unsigned.status, 1, unsigned.standard)
        XCTAssertTrue(unsigned.error.contains("needs the root's signature: run again with --root-key FILE"), unsigned.error)
        XCTAssertEqual(try state(of: "n3", seenBy: n1), "alive")

        let retire = try casectl(["retire", "n3", "--successor", "n2", "--root-key", rootKey], as: n1)
        XCTAssertEqual(retire.status, 0, retire.error)
        XCTAssertTrue(retire.standard.hasPrefix("Retired n3"), retire.standard)
        for node in [n1, n2] {
            try eventually("\(node.id) sees n3 retired") { try state(of: "n3", seenBy: node) == "retired" }
        }
        try eventually("n3 believes the root's decision and stops") { try state(of: "n3", seenBy: n3) == "retired" }

        // Restarted with --readmit before any readmission, its certificate is refused.
        n3.stop()
        let early = CasenodeProcess.forTests(id: "n3", dataDirectory: n3.dataDirectory, extraArguments: n3.extraArguments + ["--readmit"])
        try early.start()
        nodes.keep(early)
        try eventually("n2 refuses n3's hello") { n2.errorOutput.contains("refused the hello from n3") || n1.errorOutput.contains("refused the hello from n3") }
        XCTAssertEqual(try state(of: "n3", seenBy: n1), "retired")

        // A readmission needs the root too: one a node key signed is refused.
        let forged = try MembershipDecision.sign(
            .readmitted, member: "n3", clusterID: SignedTokenSamples.clusterID, issuedAtMs: Int64(Date().timeIntervalSince1970 * 1_000),
            lastSequence: 0, by: SignedTokenSamples.n1.key)
        let posted = try AuthorizedClient(baseURL: n2.baseURL, token: n2.adminToken)
            .json("POST", "/v1/admin/readmit", ["node": "n3", "decision": .string(forged.text)])
        XCTAssertEqual(posted.status, 403, "\(posted.body)")
        XCTAssertEqual(posted.body["error"]?["code"], "decision_not_signed", "\(posted.body)")
        let refused = try casectl(["readmit", "n3"], as: n2)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.error.contains("only a readmission signed with it re-admits n3"), refused.error)
        let readmit = try casectl(["readmit", "n3", "--root-key", rootKey], as: n2)
        XCTAssertEqual(readmit.status, 0, readmit.error)
        try eventually("every member, n3 included, sees n3 alive again") {
            try [n1, n2, early].allSatisfy { node in try state(of: "n3", seenBy: node) == "alive" }
        }
    }
}
