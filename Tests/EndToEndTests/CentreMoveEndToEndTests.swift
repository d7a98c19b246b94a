import CaseCore
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// A centre that moves to another province (issue 16, `casectl centre move`): its new node
/// there takes its unfinished dossiers over with their history, and the old one is retired.
final class CentreMoveEndToEndTests: XCTestCase {
    private let nodes = CertifiedNodes()

    override func tearDown() {
        nodes.stopAll()
    }

    func testACentreMovesToAnotherProvinceWithItsUnfinishedDossiers() throws {
        let (inP, inQ) = try nodes.startTwoProvinces()
        let (p1, p2, p3, q1, q3) = (inP[0], inP[1], inP[2], inQ[0], inQ[2])
        try eventually("p1 and q1 place every member") { try [p1, q1].allSatisfy { try provinces(seenBy: $0).count == 6 } }
        let filedAtP3 = try file(at: p3, competent: "p3")
        let filedForP3 = try file(at: p1, competent: "p3")
        try eventually("p1 holds both of p3's dossiers") { try holds(filedAtP3, p1) && holds(filedForP3, p1) }
        let admin = try clusterAdminToken(postedAt: p1, everywhere: inP + inQ)
        let rootKey = try CasenodeProcess.rootKeyFile()

        let elsewhere = try CasectlProcess.run(["--node", q1.baseURL, "centre", "move", "p3", "--to", "q3", "--root-key", rootKey], environment: admin)
        XCTAssertNotEqual(elsewhere.exitCode, 0)
        XCTAssertTrue(elsewhere.error.contains("ask a node of p3's province 01"), elsewhere.error)
        let within = try CasectlProcess.run(["--node", p1.baseURL, "centre", "move", "p3", "--to", "p2", "--root-key", rootKey], environment: admin)
        XCTAssertNotEqual(within.exitCode, 0)
        XCTAssertTrue(within.error.contains("casectl retire p3 --successor p2"), within.error)

        let moved = try CasectlProcess.run(["--node", p1.baseURL, "centre", "move", "p3", "--to", "q3", "--root-key", rootKey], environment: admin)
        XCTAssertEqual(moved.exitCode, 0, moved.standard + moved.error)
        XCTAssertTrue(moved.standard.contains("Centre p3 of province 01 (Thành phố Hà Nội) moved to 79 (Thành phố Hồ Chí Minh) as q3"), moved.standard)
        try eventually("every node of Hồ Chí Minh holds both dossiers, handled by q3, with their history") {
            try inQ.allSatisfy { node in
                try [filedAtP3, filedForP3].allSatisfy { code in
                    let dossier = try node.client().json("GET", "/v1/dossiers/\(code)").body
                    return dossier["handlingCentre"]?.stringValue == "q3" && (dossier["history"]?.arrayValue?.count ?? 0) >= 2
                }
            }
        }
        try eventually("Hà Nội keeps them too: their history was written there") {
            try [p1, p2].allSatisfy { node in try node.client().json("GET", "/v1/dossiers/\(filedAtP3)").body["handlingCentre"]?.stringValue == "q3" }
        }
        try eventually("p3 is retired") {
            try p1.cluster()["members"]?.arrayValue?.first { $0["id"]?.stringValue == "p3" }?["state"]?.stringValue == "retired"
        }
        let taken = try q3.client().json("POST", "/v1/dossiers/\(filedAtP3)/actions", ["action": "start"])
        XCTAssertEqual(taken.status, 200, "the new node works on it: \(taken.body)")
    }
}
