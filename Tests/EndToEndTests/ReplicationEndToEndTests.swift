import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// Real casenode processes replicating over TCP on loopback.
final class ReplicationEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
    }

    /// Starts node `id`, joining through the peer addresses of the nodes given.
    @discardableResult
    private func startNode(_ id: String, data: String? = nil, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "e2e"]
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, dataDirectory: data, extraArguments: arguments)
        try node.start()
        nodes.append(node)
        return node
    }



    /// The ids of the members `node` sees alive.
    private func aliveMembers(of node: CasenodeProcess) throws -> [String] {
        let members: [JSONValue] = try node.cluster()["members"]?.arrayValue ?? []
        return members.filter { member in member["state"]?.stringValue == "alive" }.compactMap { member in member["id"]?.stringValue }
    }

    private func filing(competent: String, name: String = "Lê Thị Hồng") -> JSONValue {
        let applicant: JSONValue = ["fullName": .string(name), "idNumber": "001190000001"]
        return ["procedureCode": "1.001193", "competentCentre": .string(competent), "applicant": applicant]
    }

    func testAFilingAtOneCentreReachesTheOthersAndTheCompetentCentreProcessesIt() throws {
        let n1 = try startNode("n1", joining: [])
        let n2 = try startNode("n2", joining: [n1])
        let n3 = try startNode("n3", joining: [n1, n2])
        try eventually("all three see three alive members") {
            try [n1, n2, n3].allSatisfy { node in try aliveMembers(of: node).count == 3 }
        }
        let filed = try n1.client().json("POST", "/v1/dossiers", filing(competent: "n2"))
        XCTAssertEqual(filed.status, 201)
        let code = try XCTUnwrap(filed.body["code"]?.stringValue)
        for node in [n2, n3] {
            try eventually("\(node.id) holds \(code)", within: 5) { try node.client().json("GET", "/v1/dossiers/\(code)").status == 200 }
        }
        XCTAssertEqual(try n2.client().json("GET", "/v1/dossiers/\(code)").body["competentCentre"], "n2")
        XCTAssertEqual(try n2.client().json("POST", "/v1/dossiers/\(code)/actions", ["action": "start"]).status, 200)
        try eventually("n1 sees n2's step", within: 5) {
            try n1.client().json("GET", "/v1/dossiers/\(code)").body["status"] == "processing"
        }
        let cluster = try n1.cluster()
        XCTAssertEqual(cluster["id"], "n1")
        XCTAssertEqual(cluster["clusterId"], "e2e")
        XCTAssertEqual(cluster["versionVector"]?["n2"], 1)
        for member in cluster["members"]?.arrayValue ?? [] {
            XCTAssertNotNil(member["peerAddress"]?.stringValue)
            XCTAssertNotNil(member["httpAddress"]?.stringValue)
            // Until certificates name API addresses, a node vouches only for its own.
            XCTAssertEqual(member["apiVouched"], .bool(member["id"] == "n1"), "\(member)")
        }
    }

    func testAStoppedCentreCatchesUpAndANewEmptyCentreGetsEverything() throws {
        let n1 = try startNode("n1", joining: [])
        let n2 = try startNode("n2", joining: [n1])
        let n3Data = CasenodeProcess.temporaryDirectory("n3")
        let n3 = try startNode("n3", data: n3Data, joining: [n1, n2])
        n3.stop()
        // Each files for the other centre, which must be a member it knows.
        try eventually("n1 and n2 know each other") { try aliveMembers(of: n1).contains("n2") && aliveMembers(of: n2).contains("n1") }

        let workers = DispatchGroup()
        let failures = AcknowledgedCodes()
        for (index, node) in [n1, n2, n1, n2].enumerated() {
            let baseURL = node.baseURL
            let token = node.adminToken
            let body = JSONWriter.serialize(filing(competent: index % 2 == 0 ? "n1" : "n2", name: "Phạm Văn \(index)"))
            workers.enter()
            Thread.detachNewThread {
                defer { workers.leave() }
                guard let client = try? AuthorizedClient(baseURL: baseURL, token: token) else { return failures.append("connect") }
                for _ in 0..<250 {
                    let status = (try? client.send("POST", "/v1/dossiers", headers: [("Content-Type", "application/json")], body: body))?.status
                    if status != 201 { failures.append("status \(String(describing: status))") }
                }
            }
        }
        XCTAssertEqual(workers.wait(timeout: .now() + 120), .success)
        XCTAssertEqual(failures.all, [], "every filing was acknowledged")

        let restarted = try startNode("n3", data: n3Data, joining: [n1, n2])
        let fresh = try startNode("n4", joining: [n1])
        try eventually("all four hold the same 1,000 dossiers", within: 120) {
            let views = try [n1, n2, restarted, fresh].map { try $0.cluster() }
            let digests = Set(views.compactMap { $0["digest"]?.stringValue })
            return digests.count == 1 && views.allSatisfy { $0["eventsHeld"] == 1_000 && $0["caughtUp"] == true }
        }
        XCTAssertEqual(try restarted.client().json("GET", "/v1/dossiers?limit=1").body["total"], 1_000)
        XCTAssertEqual(try fresh.client().json("GET", "/v1/dossiers?limit=1").body["total"], 1_000)
    }

    func testAFilingCanWaitForReplicasAndSaysSoHonestlyWhenTheyDoNotAnswer() throws {
        let n1 = try startNode("n1", joining: [])
        try startNode("n2", joining: [n1])
        try eventually("n1 sees n2 alive") { try aliveMembers(of: n1).contains("n2") }
        let replicated = try n1.client().json("POST", "/v1/dossiers?replicas=1&timeoutMs=5000", filing(competent: "n1"))
        XCTAssertEqual(replicated.status, 201)
        XCTAssertEqual(replicated.body["replication"]?["confirmed"], 1)

        let pending = try n1.client().json("POST", "/v1/dossiers?replicas=2&timeoutMs=300", filing(competent: "n1"))
        XCTAssertEqual(pending.status, 202, "only one other node exists: the second replica cannot come")
        XCTAssertEqual(pending.body["replication"]?["pending"], true)
        let code = try XCTUnwrap(pending.body["code"]?.stringValue)
        XCTAssertEqual(try n1.client().json("GET", "/v1/dossiers/\(code)").status, 200, "accepted locally all the same")
    }
}
