import CaseCore
import CaseCrypto
import CaseSupport
import Foundation
import NodeLauncher
import Synchronization
import TestSupport
import XCTest

/// Province mergers on real processes (issue 16): the root merges Hồ Chí Minh into Hà Nội
/// with `casectl province merge` while clerks file at both; afterwards all six nodes hold
/// every acknowledged filing and `casectl verify` finds one province that agrees. And a
/// cluster that never named a province becomes one by the merger of `00`, nothing lost.
final class ProvinceMergerEndToEndTests: XCTestCase {
    private let nodes = CertifiedNodes()
    private let hanoi = ProvinceCode("01")!
    private let hoChiMinh = ProvinceCode("79")!

    override func tearDown() {
        nodes.stopAll()
    }

    func testAMergerWhileClerksFileLosesNothingAndTheMergedProvinceAgrees() throws {
        let (inP, inQ) = try nodes.startTwoProvinces()
        let (p1, p2, p3, q1, q2, q3) = (inP[0], inP[1], inP[2], inQ[0], inQ[1], inQ[2])
        let all = inP + inQ
        try eventually("every node knows all six members") { try all.allSatisfy { try ($0.cluster()["members"]?.arrayValue?.count ?? 0) == 6 } }
        let before = [try file(at: p1, competent: "p2"), try file(at: q1, competent: "q2")]
        try eventually("each province holds its own") { try holds(before[0], p3) && holds(before[1], q3) }
        XCTAssertFalse(try holds(before[1], p1), "before the merger Hà Nội holds none of Hồ Chí Minh's")

        // Clerks file at both provinces all along; the root merges in the middle.
        let clerks = FilingClerks(at: [(p2, "p3"), (q2, "q3")])
        clerks.start()
        try eventually("the clerks have filed at both provinces") { clerks.acknowledged.count >= 4 }
        let rootKey = try CasenodeProcess.rootKeyFile()
        let admin = try clusterAdminToken(postedAt: p1, everywhere: all)
        let merged = try CasectlProcess.run(["--node", q1.baseURL, "province", "merge", "79", "--into", "01", "--root-key", rootKey], environment: admin)
        XCTAssertEqual(merged.exitCode, 0, merged.standard + merged.error)
        XCTAssertTrue(merged.standard.contains("Merged province 79"), merged.standard)
        try eventually("every node is of Hà Nội now") {
            try all.allSatisfy { try $0.client().json("GET", "/v1/provinces").body["province"]?["code"]?.stringValue == "01" }
        }
        let filedDuring = clerks.acknowledged.count
        try eventually("the clerks filed after the merger too") { clerks.acknowledged.count >= filedDuring + 4 }
        clerks.stop()

        let acknowledged = before + clerks.acknowledged
        try eventually("all six nodes hold every acknowledged filing (\(acknowledged.count))", within: 90) {
            try all.allSatisfy { node in try acknowledged.allSatisfy { try holds($0, node) } }
        }
        XCTAssertEqual(clerks.refusals, [], "no filing was refused during the merger")
        let again = try CasectlProcess.run(["--node", p3.baseURL, "province", "merge", "79", "--into", "01", "--root-key", rootKey], environment: admin)
        XCTAssertEqual(again.exitCode, 0, again.standard + again.error)
        XCTAssertTrue(again.standard.contains("already holds the merger of 79"), "not signed anew: \(again.standard)")
        let elsewhere = try CasectlProcess.run(["--node", p3.baseURL, "province", "merge", "79", "--into", "48", "--root-key", rootKey], environment: admin)
        XCTAssertNotEqual(elsewhere.exitCode, 0)
        XCTAssertTrue(elsewhere.error.contains("merged into 01 already"), elsewhere.error)
        let shown = try CasectlProcess.run(["--node", q3.baseURL, "province", "show"], environment: admin)
        XCTAssertTrue(shown.standard.contains("Province: 01 (Thành phố Hà Nội), certified for 79"), shown.standard)
        let verify = try CasectlProcess.run(
            ["--node", p1.baseURL, "verify", "--wait", "60", "--trust-advertised-addresses"], environment: admin)
        XCTAssertEqual(verify.exitCode, 0, verify.standard + verify.error)
        XCTAssertTrue(verify.standard.contains("all 6 members agree"), verify.standard)
        // No member counts the keys the merger made stale: once caught up, one converged province.
        try eventually("casectl status sees one province of six members, converged") {
            let status = try CasectlProcess.run(["--node", q3.baseURL, "status", "--trust-advertised-addresses"], environment: admin)
            return status.standard.contains("6 members, 6 reachable, converged")
        }
    }

    func testAClusterOfNoProvinceBecomesOneByTheMergerOfZeroZero() throws {
        let n1 = try nodes.start("n1", joining: [])
        let n2 = try nodes.start("n2", joining: [n1])
        let n3 = try nodes.start("n3", joining: [n1, n2])
        let before = [try file(at: n1, competent: "n2"), try file(at: n2, competent: "n3")]
        try eventually("every node holds both") { try [n1, n2, n3].allSatisfy { node in try before.allSatisfy { try holds($0, node) } } }
        XCTAssertEqual(try n1.client().json("GET", "/v1/provinces").body["divided"]?.boolValue, false)

        // What the node refuses, changing nothing: not the root's, dated ahead of its clock, not a merger.
        let stranger = SigningKey(seed: [UInt8](repeating: 7, count: 32))!
        let forged = try ProvinceMerge.sign(.unnamed, into: hanoi, clusterID: SignedTokenSamples.clusterID, issuedAtMs: ProvinceMergeSamples.issuedAtMs, by: stranger)
        let ahead = try ProvinceMergeSamples.merge("00", into: "01", atMs: Int64(Date().timeIntervalSince1970 * 1_000) + 86_400_000)
        for (text, status, code) in [(forged.text, 403, "merge_not_signed"), (ahead.text, 422, "merge_from_the_future"), ("casestore-province-merge-v1 00", 422, "validation_failed")] {
            let refused = try n1.client().json("POST", "/v1/admin/province-merges", ["merge": .string(text)])
            XCTAssertEqual(refused.status, status, "\(refused.body)")
            XCTAssertTrue(refused.body["error"]?["code"]?.stringValue?.hasPrefix(code) == true, "\(refused.body)")
        }
        XCTAssertEqual(try n1.client().json("GET", "/v1/provinces").body["merges"]?.arrayValue?.count, 0)

        let admin = try clusterAdminToken(postedAt: n1, everywhere: [n1, n2, n3])
        let merged = try CasectlProcess.run(
            ["--node", n1.baseURL, "province", "merge", "00", "--into", "01", "--root-key", try CasenodeProcess.rootKeyFile()], environment: admin)
        XCTAssertEqual(merged.exitCode, 0, merged.standard + merged.error)
        try eventually("every node is of Hà Nội") {
            try [n1, n2, n3].allSatisfy { try $0.client().json("GET", "/v1/provinces").body["province"]?["code"]?.stringValue == "01" }
        }
        // A restart keeps it; a centre of Hồ Chí Minh joins, and the upgraded province divides from it.
        n2.kill9()
        try n2.start()
        XCTAssertEqual(try n2.client().json("GET", "/v1/provinces").body["province"]?["code"]?.stringValue, "01")
        let q1 = try nodes.start("q1", province: hoChiMinh, joining: [n1])
        try eventually("n3 places q1 in Hồ Chí Minh") { try provinces(seenBy: n3)["q1"] == "79" }
        let ownOfQ = try file(at: q1, competent: "q1")
        let forQ = try file(at: n3, competent: "q1")
        try eventually("the filing for Hồ Chí Minh reaches it") { try holds(forQ, q1) }
        try eventually("the old filings are still everywhere in Hà Nội, and the new one too") {
            try [n1, n2, n3].allSatisfy { node in try (before + [forQ]).allSatisfy { try holds($0, node) } }
        }
        for node in [n1, n2, n3] { XCTAssertFalse(try holds(ownOfQ, node), "\(ownOfQ), of Hồ Chí Minh only, is on \(node.id)") }
        for code in before { XCTAssertFalse(try holds(code, q1), "\(code), of Hà Nội only, is on q1") }
    }
}

/// Clerks filing one dossier after another at their nodes, on a thread of their own, until
/// stopped: the acknowledged codes, and any refusal.
private final class FilingClerks: Sendable {
    private let desks: [(node: CasenodeProcess, competent: String)]
    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

    private struct State {
        var acknowledged: [String] = []
        var refusals: [String] = []
        var stopping = false
    }

    init(at desks: [(CasenodeProcess, String)]) {
        self.desks = desks.map { (node: $0.0, competent: $0.1) }
    }

    var acknowledged: [String] { state.withLock { $0.acknowledged } }
    var refusals: [String] { state.withLock { $0.refusals } }

    func start() {
        Thread.detachNewThread { [self] in
            var turn = 0
            while !state.withLock({ $0.stopping }) {
                let desk = desks[turn % desks.count]
                turn += 1
                fileOnce(at: desk.node, competent: desk.competent)
            }
            done.signal()
        }
    }

    func stop() {
        state.withLock { $0.stopping = true }
        done.wait()
    }

    private func fileOnce(at node: CasenodeProcess, competent: String) {
        let filing: JSONValue = [
            "procedureCode": "2.000884", "applicant": ["fullName": "Phạm Văn Bình", "idNumber": "079190000002"], "competentCentre": .string(competent),
        ]
        do {
            let filed = try node.client().json("POST", "/v1/dossiers", filing)
            state.withLock { state in
                if filed.status == 201, let code = filed.body["code"]?.stringValue {
                    state.acknowledged.append(code)
                } else {
                    state.refusals.append("\(filed.status) \(filed.body)")
                }
            }
        } catch {
            state.withLock { $0.refusals.append("\(error)") }
        }
    }
}
