import CaseCore
import CaseCrypto
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// Issue 16's acceptance on real processes: two provinces of three certified nodes each.
/// A dossier of one province stays in it; one filed in P for a centre of Q reaches every
/// node of both, is processed in Q and P sees each step; a node of each province killed
/// and restarted catches up; a node asked for a dossier of the other province names that
/// province (`not_held`); `casectl verify --province` agrees.
final class ProvinceEndToEndTests: XCTestCase {
    private let nodes = CertifiedNodes()
    private let hanoi = ProvinceCode("01")!
    private let hoChiMinh = ProvinceCode("79")!

    override func tearDown() {
        nodes.stopAll()
    }

    func testEachProvinceHoldsItsOwnDossiersAndBothHoldTheOnesThatCross() throws {
        let (inP, inQ) = try nodes.startTwoProvinces()
        let (p1, p2, p3, q1, q2, q3) = (inP[0], inP[1], inP[2], inQ[0], inQ[1], inQ[2])
        try eventually("every node places all six members in their provinces") {
            try (inP + inQ).allSatisfy { node in try provinces(seenBy: node) == ["p1": "01", "p2": "01", "p3": "01", "q1": "79", "q2": "79", "q3": "79"] }
        }

        let local = try file(at: p1, competent: "p2")
        let crossing = try file(at: p1, competent: "q2")
        // A birth registration is filed within the province only: not for a centre of another.
        let withinOnly: JSONValue = [
            "procedureCode": "1.001193", "applicant": ["fullName": "Đỗ Thị Lan", "idNumber": "001190000001"], "competentCentre": "q2",
        ]
        let refused = try p1.client().json("POST", "/v1/dossiers", withinOnly)
        XCTAssertEqual(refused.status, 422, "\(refused.body)")
        XCTAssertEqual(refused.body["error"]?["code"], "not_location_independent", "\(refused.body)")
        try eventually("the crossing filing is at every node of both provinces") { try (inP + inQ).allSatisfy { try holds(crossing, $0) } }
        try eventually("the local filing is at every node of its province") { try inP.allSatisfy { try holds(local, $0) } }

        // Processed in Q; P sees the step.
        let started = try q2.client().json("POST", "/v1/dossiers/\(crossing)/actions", ["action": "start"])
        XCTAssertEqual(started.status, 200, "\(started.body)")
        let processing = try XCTUnwrap(started.body["status"]?.stringValue)
        try eventually("P's nodes see Q's step") { try inP.allSatisfy { try status(of: crossing, at: $0) == processing } }

        // /metrics: each province's live members; of the other province, only the events shared with it.
        try eventually("p1's /metrics counts each province's members and Q's one step shared with P") {
            try metricLines(of: p1).isSuperset(of: [
                #"casestore_node_info{province="01"} 1"#, "casestore_members_unplaced 0",
                #"casestore_province_members{province="01",state="alive"} 3"#,
                #"casestore_province_members{province="79",state="alive"} 3"#,
                #"casestore_province_events{province="01",stream="dense"} 2"#,
                #"casestore_province_events{province="79",stream="sparse"} 1"#,
            ])
        }
        try eventually("q1's /metrics holds the crossing filing of P's two") {
            try metricLines(of: q1).isSuperset(of: [
                #"casestore_node_info{province="79"} 1"#,
                #"casestore_province_events{province="01",stream="sparse"} 1"#,
                #"casestore_province_events{province="79",stream="dense"} 1"#,
            ])
        }

        // A dossier of Hà Nội only, transferred to a centre of Hồ Chí Minh, enters that province
        // with its whole history: its nodes import the events before the transfer from a holder.
        for node in inQ { XCTAssertFalse(try holds(local, node), "\(local), a dossier of Hà Nội only, is on \(node.id)") }
        let noted = try p2.client().json("POST", "/v1/dossiers/\(local)/actions", ["action": "note", "note": "đã kiểm tra"])
        XCTAssertEqual(noted.status, 200, "\(noted.body)")
        try eventually("p1 holds p2's note") { try p1.client().json("GET", "/v1/dossiers/\(local)").body["version"] == noted.body["version"] }
        let moved = try p1.client().json("POST", "/v1/dossiers/\(local)/actions", ["action": "transfer", "to": "q1", "reason": "thuộc thẩm quyền"])
        XCTAssertEqual(moved.status, 200, "\(moved.body)")
        let version = try XCTUnwrap(moved.body["version"])
        try eventually("every node of both provinces holds the transferred dossier, its whole history folded") {
            try (inP + inQ).allSatisfy { try $0.client().json("GET", "/v1/dossiers/\(local)").body["version"] == version }
        }
        for node in inQ {
            let imported = try metricLines(of: node).first { $0.hasPrefix(#"casestore_replication_total{counter="events_imported"} "#) }
            XCTAssertGreaterThanOrEqual(Double(imported?.split(separator: " ").last ?? "") ?? 0, 2, "\(node.id) imported the filing and the note")
        }
        let taken = try q1.client().json("POST", "/v1/dossiers/\(local)/actions", ["action": "start"])
        XCTAssertEqual(taken.status, 200, "Hồ Chí Minh processes it: \(taken.body)")
        try eventually("Hà Nội sees Hồ Chí Minh's step") { try inP.allSatisfy { try status(of: local, at: $0) == taken.body["status"]?.stringValue } }

        // A node of each province down while both file; restarted, each catches up.
        p3.kill9()
        q3.kill9()
        let whileDownInP = try file(at: p2, competent: "p1")
        let whileDownCrossing = try file(at: q1, competent: "p1")
        try p3.start()
        try q3.start()
        try eventually("p3 caught up with its province") { try [whileDownInP, whileDownCrossing].allSatisfy { try holds($0, p3) } }
        try eventually("q3 caught up with its province") { try holds(whileDownCrossing, q3) }

        for node in inQ { XCTAssertFalse(try holds(whileDownInP, node), "\(whileDownInP), a dossier of Hà Nội only, is on \(node.id)") }
        let admin = try clusterAdminToken(postedAt: p1, everywhere: inP + inQ)
        // A retirement asked of a node of another province is refused before anything moves:
        // it holds only the dossiers shared with the centre's province.
        let adminAtQ1 = try AuthorizedClient(baseURL: q1.baseURL, token: try XCTUnwrap(admin["CASESTORE_TOKEN"]))
        let misdirected = try adminAtQ1.json("POST", "/v1/admin/retire", ["node": "p3", "successor": "p2"])
        XCTAssertEqual(misdirected.status, 409, "\(misdirected.body)")
        XCTAssertEqual(misdirected.body["error"]?["code"], "not_of_this_province", "\(misdirected.body)")
        // Asked for it, a node of Hồ Chí Minh names the province that holds it and a live node there.
        let notHeld = try q1.client().json("GET", "/v1/dossiers/\(whileDownInP)")
        XCTAssertEqual(notHeld.status, 404)
        XCTAssertEqual(notHeld.body["error"]?["code"], "not_held", "\(notHeld.body)")
        XCTAssertEqual(notHeld.body["error"]?["province"]?["code"], "01", "\(notHeld.body)")
        XCTAssertEqual(notHeld.body["error"]?["receivingCentre"], "p2", "\(notHeld.body)")
        let contact = try XCTUnwrap(notHeld.body["error"]?["contact"]?["httpAddress"]?.stringValue, "\(notHeld.body)")
        XCTAssertTrue(inP.map { "127.0.0.1:\($0.httpPort)" }.contains(contact), contact)
        let shown = try CasectlProcess.run(["--node", q1.baseURL, "dossier", whileDownInP], environment: admin)
        XCTAssertEqual(shown.exitCode, 1, shown.standard)
        XCTAssertTrue(shown.error.contains("q1 says province 01 (Thành phố Hà Nội) holds it, ask p"), shown.error)
        for (entry, restarted) in [(p1, p3), (p1, q3), (q1, p3), (q1, q3)] {
            try eventually("\(entry.id) knows \(restarted.id)'s address since its restart") {
                try entry.cluster()["members"]?.arrayValue?.first { $0["id"]?.stringValue == restarted.id }?["httpAddress"]?.stringValue
                    == "127.0.0.1:\(restarted.httpPort)"
            }
        }
        // The test's certificates name no API address (ports are chosen at start): ask the advertised ones.
        let trust = ["--trust-advertised-addresses"]
        for province in ["01", "79"] {
            let verify = try CasectlProcess.run(
                ["--node", p1.baseURL, "verify", "--province", province, "--wait", "60"] + trust, environment: admin)
            XCTAssertEqual(verify.exitCode, 0, "province \(province): \(verify.standard)\n\(verify.error)")
            XCTAssertTrue(verify.standard.contains("all 3 members agree"), verify.standard)
        }
        let whole = try CasectlProcess.run(["--node", q1.baseURL, "--json", "verify"] + trust, environment: admin)
        XCTAssertEqual(whole.exitCode, 0, whole.standard + whole.error)
        let report = try JSONParser().parse(Array(whole.standard.utf8))
        XCTAssertEqual(report["provinces"]?.arrayValue?.compactMap { $0["province"]?.stringValue }, ["01", "79"], whole.standard)
    }
}
