import CaseCore
import CaseCrypto
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

extension CertifiedNodes {
    /// p1–p3 certified for 01 Hà Nội and q1–q3 for 79 Hồ Chí Minh, q1 joining through p1.
    func startTwoProvinces() throws -> (inP: [CasenodeProcess], inQ: [CasenodeProcess]) {
        let hanoi = ProvinceCode("01")!, hoChiMinh = ProvinceCode("79")!
        let p1 = try start("p1", province: hanoi, joining: [])
        let p2 = try start("p2", province: hanoi, joining: [p1])
        let p3 = try start("p3", province: hanoi, joining: [p1, p2])
        let q1 = try start("q1", province: hoChiMinh, joining: [p1])
        let q2 = try start("q2", province: hoChiMinh, joining: [q1, p1])
        let q3 = try start("q3", province: hoChiMinh, joining: [q1, q2])
        return ([p1, p2, p3], [q1, q2, q3])
    }
}

/// What the province tests on real processes do again and again: file, look, ask /metrics,
/// and get an admin token every node accepts.
extension XCTestCase {

    /// An admin token the root's admin signed, taken in at `node` and accepted by `everywhere`:
    /// what casectl verify needs to ask every member (a node's own admin token is valid there only).
    func clusterAdminToken(postedAt node: CasenodeProcess, everywhere: [CasenodeProcess]) throws -> [String: String] {
        let secret = SignedTokenSamples.secret(42, issuer: SignedTokenSamples.admin)
        let record = SignedTokenSamples.admin.grant(
            secret, name: "Trần Văn Nam", role: .admin, centre: nil, createdAtMs: Int64(Date().timeIntervalSince1970 * 1_000))
        let posted = try node.client().json("POST", "/v1/admin/tokens", ["record": .string(Hex.encode(record.wireBytes))])
        XCTAssertEqual(posted.status, 201, "\(posted.body)")
        try eventually("every node takes the admin token") {
            try everywhere.allSatisfy { try AuthorizedClient(baseURL: $0.baseURL, token: secret.text).send("GET", "/v1/admin/tokens").status == 200 }
        }
        return ["CASESTORE_TOKEN": secret.text]
    }

    /// Files a dossier at `node` for `competent`; returns its code. The procedure (2.000884, a
    /// signature certified) may be filed nationwide, so `competent` may be of any province.
    func file(at node: CasenodeProcess, competent: String) throws -> String {
        let filing: JSONValue = [
            "procedureCode": "2.000884", "applicant": ["fullName": "Đỗ Thị Lan", "idNumber": "001190000001"], "competentCentre": .string(competent),
        ]
        let filed = try node.client().json("POST", "/v1/dossiers", filing)
        XCTAssertEqual(filed.status, 201, "\(filed.body)")
        return try XCTUnwrap(filed.body["code"]?.stringValue)
    }

    func holds(_ code: String, _ node: CasenodeProcess) throws -> Bool {
        try node.client().json("GET", "/v1/dossiers/\(code)").status == 200
    }

    func status(of code: String, at node: CasenodeProcess) throws -> String? {
        try node.client().json("GET", "/v1/dossiers/\(code)").body["status"]?.stringValue
    }

    func metricLines(of node: CasenodeProcess) throws -> Set<String> {
        Set(String(decoding: try node.client().send("GET", "/metrics").body, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// Each member's province as `node` places it (members it cannot place are left out).
    func provinces(seenBy node: CasenodeProcess) throws -> [String: String] {
        var placed: [String: String] = [:]
        for member in try node.cluster()["members"]?.arrayValue ?? [] {
            if let id = member["id"]?.stringValue, let province = member["province"]?.stringValue { placed[id] = province }
        }
        return placed
    }
}
