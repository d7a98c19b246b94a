import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// A commune merger on three real casenode processes, driven by the real casectl.
final class RetireEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []
    /// The node last started under each id, whose standard error the test reads.
    private var latest: [String: CasenodeProcess] = [:]

    override func tearDown() {
        nodes.forEach { $0.stop() }
    }

    /// Starts node `id` joining through `others`.
    @discardableResult
    private func startNode(_ id: String, data: String, joining others: [CasenodeProcess], extra: [String] = []) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "e2e-retire"] + extra
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, dataDirectory: data, extraArguments: arguments)
        latest[id] = node
        nodes.append(node)
        try node.start()
        return node
    }



    private func state(of id: String, seenBy node: CasenodeProcess) throws -> String? {
        try node.cluster()["members"]?.arrayValue?.first { $0["id"]?.stringValue == id }?["state"]?.stringValue
    }

    private func dossier(_ code: String, at node: CasenodeProcess) throws -> JSONValue? {
        let answer = try node.client().json("GET", "/v1/dossiers/\(code)")
        return answer.status == 200 ? answer.body : nil
    }

    private func file(at node: CasenodeProcess, competent: String, name: String) throws -> String {
        let applicant: JSONValue = ["fullName": .string(name), "idNumber": "001190000001"]
        let filed = try node.client().json("POST", "/v1/dossiers", ["procedureCode": "1.001193", "competentCentre": .string(competent), "applicant": applicant])
        XCTAssertEqual(filed.status, 201)
        return try XCTUnwrap(filed.body["code"]?.stringValue)
    }

    private func act(_ code: String, _ action: String, at node: CasenodeProcess) throws {
        XCTAssertEqual(try node.client().json("POST", "/v1/dossiers/\(code)/actions", ["action": .string(action)]).status, 200, "\(action) \(code)")
    }

    /// Runs the real casectl as `node`'s admin; returns its exit status and what it printed.
    private func casectl(_ arguments: [String], as node: CasenodeProcess) throws -> (status: Int32, standard: String, error: String) {
        let run = try CasectlProcess.run(arguments, environment: node.adminEnvironment)
        return (run.exitCode, run.standard, run.error)
    }

    func testRetireMovesEveryUnfinishedDossierToTheSuccessorEverywhereAndTheRetiredNodeIsRefusedUntilReadmitted() throws {
        let n3Data = CasenodeProcess.temporaryDirectory("n3")
        let n1 = try startNode("n1", data: CasenodeProcess.temporaryDirectory("n1"), joining: [])
        let n2 = try startNode("n2", data: CasenodeProcess.temporaryDirectory("n2"), joining: [n1])
        let n3 = try startNode("n3", data: n3Data, joining: [n1, n2])
        try eventually("all three see three alive members") {
            try [n1, n2, n3].allSatisfy { node in
                try node.cluster()["members"]?.arrayValue?.filter { $0["state"] == "alive" }.count == 3
            }
        }

        // Dossiers of n3 filed at every centre (phi địa giới), one of them finished, one started; one for n2.
        var forN3: [String] = []
        for (index, node) in [n1, n2, n3, n1, n2, n3].enumerated() {
            forN3.append(try file(at: node, competent: "n3", name: "Trần Thị Mai \(index)"))
        }
        let forN2 = try file(at: n1, competent: "n2", name: "Lê Văn Tám")
        try eventually("n3 holds every dossier") { try (forN3 + [forN2]).allSatisfy { try dossier($0, at: n3) != nil } }
        try act(forN3[0], "start", at: n3)
        try act(forN3[1], "start", at: n3)
        try act(forN3[1], "resolve", at: n3)
        try act(forN3[1], "return", at: n3)
        try eventually("all three hold the same dossiers") {
            let views = try [n1, n2, n3].map { try $0.cluster() }
            return Set(views.compactMap { $0["digest"]?.stringValue }).count == 1 && views.allSatisfy { $0["eventsHeld"] == 11 }
        }
        let before = try Dictionary(uniqueKeysWithValues: (forN3 + [forN2]).map { ($0, try XCTUnwrap(try dossier($0, at: n1))) })
        let unfinished = forN3.filter { $0 != forN3[1] }.sorted()

        let retire = try casectl(["--node", n1.baseURL, "--json", "retire", "n3", "--successor", "n2", "--batch", "2"], as: n1)
        XCTAssertEqual(retire.status, 0, retire.error)
        let ledger = try JSONParser().parse(Array(retire.standard.utf8))
        XCTAssertEqual(ledger["moved"], 5)
        XCTAssertEqual(ledger["requests"], 3)
        XCTAssertEqual(ledger["nodeState"], "retired")
        XCTAssertEqual(ledger["counts"], ["processing": 1, "received": 4])
        XCTAssertEqual(ledger["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue }, unfinished)
        XCTAssertTrue(retire.error.contains("retire n3 → n2: request 1 moved 2 (2 so far), 3 left"), retire.error)

        for node in [n1, n2] {
            try eventually("\(node.id) has every dossier of n3 handled by n2") {
                try unfinished.allSatisfy { try dossier($0, at: node)?["handlingCentre"] == "n2" }
            }
            for code in unfinished {
                let now = try XCTUnwrap(try dossier(code, at: node))
                for field in ["code", "dueAt", "originalDueAt", "receivedAt", "status"] {
                    XCTAssertEqual(now[field], before[code]?[field], "\(node.id) \(code) \(field)")
                }
                XCTAssertEqual(now["originalCentre"], "n3")
                XCTAssertEqual(now["competentCentre"], "n2", "n3 was competent and no longer exists")
            }
            XCTAssertEqual(try dossier(forN3[1], at: node)?["handlingCentre"], "n3", "a finished dossier stays")
            XCTAssertEqual(try dossier(forN2, at: node)?["handlingCentre"], "n2")
            try eventually("\(node.id) sees n3 retired") { try state(of: "n3", seenBy: node) == "retired" }
        }
        try eventually("n3 heard it is retired") { try state(of: "n3", seenBy: n3) == "retired" }
        let digest = try n1.cluster()["digest"]

        // n3 no longer exists: filing for it or transferring to it is refused, naming n2, at
        // the node that ran the retirement and at one that learnt it by replication.
        let applicant: JSONValue = ["fullName": "Phan Văn Bảy", "idNumber": "001190000002"]
        for node in [n1, n2] {
            let filed = try node.client().json("POST", "/v1/dossiers", ["procedureCode": "1.001193", "competentCentre": "n3", "applicant": applicant])
            XCTAssertEqual(filed.status, 422, "\(node.id): \(filed.body)")
            XCTAssertEqual(filed.body["error"]?["code"], "retired_centre")
            XCTAssertTrue(filed.body["error"]?["message"]?.stringValue?.contains("its successor is n2") == true, "\(node.id): \(filed.body)")
            let moved = try node.client().json("POST", "/v1/dossiers/\(forN2)/actions", ["action": "transfer", "to": "n3"])
            XCTAssertEqual(moved.status, 422, "\(node.id): \(moved.body)")
            XCTAssertTrue(moved.body["error"]?["message"]?.stringValue?.contains("its successor is n2") == true, "\(node.id): \(moved.body)")
            let unknown = try node.client().json("POST", "/v1/dossiers", ["procedureCode": "1.001193", "competentCentre": "n9", "applicant": applicant])
            XCTAssertEqual(unknown.body["error"]?["code"], "unknown_centre", "\(node.id): \(unknown.body)")
        }
        XCTAssertEqual(try n1.cluster()["digest"], digest, "a refusal changes nothing")

        let again = try casectl(["--node", n2.baseURL, "retire", "n3", "--successor", "n2"], as: n2)
        XCTAssertEqual(again.status, 0, again.error)
        XCTAssertTrue(again.standard.contains("Moved 0 dossiers"), again.standard)
        XCTAssertEqual(try n1.cluster()["digest"], digest, "running it again changes nothing")
        XCTAssertEqual(try n2.cluster()["digest"], digest)

        // Restarted, n3 knows it is retired and does not start.
        n3.stop()
        let refused = CasenodeProcess.forTests(id: "n3", dataDirectory: n3Data, extraArguments: ["--cluster-id", "e2e-retire"])
        XCTAssertThrowsError(try refused.start()) { error in
            XCTAssertTrue("\(error)".contains("node n3 was retired by an admin"), "\(error)")
            XCTAssertTrue("\(error)".contains("casectl readmit n3"), "\(error)")
        }
        refused.stop()

        // Started anyway with --readmit before any admin re-admitted it, its peers refuse it.
        let early = try startNode("n3", data: n3Data, joining: [n1, n2], extra: ["--readmit"])
        try eventually("n1 refused n3's handshake") { latest["n1"]!.errorOutput.contains("refused the hello from n3") }
        XCTAssertTrue(latest["n1"]!.errorOutput.contains("node n3 was retired by an admin"), latest["n1"]!.errorOutput)
        try eventually("n3 was told why") { latest["n3"]!.errorOutput.contains("refused: node n3 was retired by an admin") }
        XCTAssertEqual(try state(of: "n3", seenBy: n1), "retired")

        let readmit = try casectl(["--node", n1.baseURL, "readmit", "n3"], as: n1)
        XCTAssertEqual(readmit.status, 0, readmit.error)
        XCTAssertTrue(readmit.standard.hasPrefix("Re-admitted n3: alive"), readmit.standard)
        try eventually("n3 is back in everyone's view") {
            try [n1, n2, early].allSatisfy { node in try ["n1", "n2", "n3"].allSatisfy { try state(of: $0, seenBy: node) == "alive" } }
        }
        try eventually("n3 caught up with the handover") {
            try unfinished.allSatisfy { try dossier($0, at: early)?["handlingCentre"] == "n2" }
        }
    }
}
