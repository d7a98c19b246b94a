import CaseNet
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// The citizen lookup against real casenode processes: without a token, at another node the
/// dossier replicated to, with its PIN re-issued, limited per address, and as a phone's
/// browser shows the page the receipt's QR code opens.
final class LookupEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
    }

    private func startNode(_ id: String, joining others: [CasenodeProcess], extra: [String] = []) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "lookup", "--name", "Trung tâm \(id)"] + extra
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, extraArguments: arguments)
        try node.start()
        nodes.append(node)
        return node
    }

    /// `GET /v1/lookup/CODE?pin=PIN` as curl sends it: no token.
    private func lookUp(_ node: CasenodeProcess, _ code: String, _ pin: String) throws -> (status: Int, body: JSONValue) {
        try HTTPClient(baseURL: node.baseURL).json("GET", "/v1/lookup/\(code)?pin=\(pin)")
    }

    private func file(at node: CasenodeProcess, competent: String) throws -> (code: String, pin: String) {
        let body: JSONValue = ["procedureCode": "1.001193", "competentCentre": .string(competent), "applicant": ["fullName": "Lê Thị Hồng", "idNumber": "001190000001"]]
        let filed = try node.client().json("POST", "/v1/dossiers", body)
        XCTAssertEqual(filed.status, 201, "\(filed.body)")
        return (try XCTUnwrap(filed.body["code"]?.stringValue), try XCTUnwrap(filed.body["lookupPin"]?.stringValue))
    }

    func testALookupWorksAtAnyNodeHoldingTheDossierAndAReissueReachesThemToo() throws {
        let n1 = try startNode("n1", joining: [])
        let n2 = try startNode("n2", joining: [n1])
        try eventually("n1 knows n2", within: Eventually.clusterSeconds) {
            (try n1.cluster()["members"]?.arrayValue ?? []).contains { $0["id"] == "n2" && $0["state"] == "alive" }
        }
        let (code, pin) = try file(at: n1, competent: "n2")
        try eventually("n2 answers the lookup", within: Eventually.clusterSeconds) { try lookUp(n2, code, pin).status == 200 }
        let answer = try lookUp(n2, code, pin).body
        XCTAssertEqual(answer["statusText"], "Đã tiếp nhận")
        XCTAssertEqual(answer["centre"], "Trung tâm n2", "n2 handles it and knows its own name")
        XCTAssertNil(answer["applicant"])
        XCTAssertFalse(JSONWriter.string(answer).contains("Lê Thị Hồng"))
        XCTAssertEqual(try lookUp(n1, code, pin).body["centre"], "n2", "n1 knows n2 by id only")

        let reissued = try n1.client().json("POST", "/v1/dossiers/\(code)/lookup-pin")
        XCTAssertEqual(reissued.status, 200, "\(reissued.body)")
        let newPin = try XCTUnwrap(reissued.body["lookupPin"]?.stringValue)
        try eventually("n2 takes the new PIN", within: Eventually.clusterSeconds) { try lookUp(n2, code, newPin).status == 200 }
        if newPin != pin { XCTAssertEqual(try lookUp(n2, code, pin).status, 404, "the old PIN stopped working") }
    }

    /// The issue's acceptance: no token, a wrong PIN is the unknown code's 404, and the 11th
    /// wrong attempt within a minute from one address is refused with 429.
    func testTheAcceptanceOfIssue18() throws {
        let node = try startNode("local", joining: [])
        let (code, pin) = try file(at: node, competent: "local")
        XCTAssertEqual(try lookUp(node, code, pin).status, 200)
        let wrong = pin == "000000" ? "000001" : "000000"
        let wrongPin = try lookUp(node, code, wrong), unknown = try lookUp(node, "LOCAL-990101-0001", pin)
        XCTAssertEqual(wrongPin.status, 404)
        XCTAssertEqual(wrongPin.body, unknown.body)
        for attempt in 3...10 { XCTAssertEqual(try lookUp(node, code, wrong).status, 404, "attempt \(attempt)") }
        let eleventh = try HTTPClient(baseURL: node.baseURL).send("GET", "/v1/lookup/\(code)?pin=\(wrong)")
        XCTAssertEqual(eleventh.status, 429)
        XCTAssertNotNil(eleventh.headers["Retry-After"].flatMap { Int($0) })
    }

    /// `--lookup-trusted-proxy`: the node on loopback stands behind a proxy on this machine,
    /// so each client the proxy names has its own allowance.
    func testBehindATrustedProxyTheLimitsCountTheForwardedClient() throws {
        let node = try startNode("local", joining: [], extra: ["--lookup-trusted-proxy", "127.0.0.1"])
        let (code, pin) = try file(at: node, competent: "local")
        let wrong = pin == "000000" ? "000001" : "000000"
        let client = try HTTPClient(baseURL: node.baseURL)
        func lookUp(_ pin: String, for citizen: String) throws -> Int {
            try client.send("GET", "/v1/lookup/\(code)?pin=\(pin)", headers: [("X-Forwarded-For", citizen)]).status
        }
        for _ in 1...10 { XCTAssertEqual(try lookUp(wrong, for: "203.0.113.1"), 404) }
        XCTAssertEqual(try lookUp(pin, for: "203.0.113.1"), 429)
        XCTAssertEqual(try lookUp(pin, for: "203.0.113.2"), 200)
    }

    func testCasectlShowsThePinAtFilingAndPrintsTheReceiptWithANewOne() throws {
        let node = try startNode("local", joining: [])
        let filed = try CasectlProcess.run(
            ["--node", node.baseURL, "file", "--procedure", "1.001193", "--name", "Lê Thị Hồng", "--id-number", "001190000001"],
            environment: node.adminEnvironment)
        XCTAssertEqual(filed.exitCode, 0, filed.error)
        let line = try XCTUnwrap(filed.standard.split(separator: "\n").first { $0.hasPrefix("Lookup PIN ") }, filed.standard)
        let pin = String(line.dropFirst("Lookup PIN ".count).prefix(6))
        let code = try XCTUnwrap(filed.standard.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }, filed.standard)
        XCTAssertEqual(try lookUp(node, code, pin).status, 200, filed.standard)

        let directory = try TemporaryDirectory()
        let receipt = directory.path("mau-01.html")
        let printed = try CasectlProcess.run(["--node", node.baseURL, "print", code, "--form", "01", "--pin", pin, "-o", receipt], environment: node.adminEnvironment)
        XCTAssertEqual(printed.exitCode, 0, printed.error)
        XCTAssertTrue(try String(contentsOfFile: receipt, encoding: .utf8).contains("Mã PIN tra cứu: <b class=\"pin\">\(pin)</b>"))

        let renewed = try CasectlProcess.run(["--node", node.baseURL, "print", code, "--form", "01", "--new-pin", "-o", receipt], environment: node.adminEnvironment)
        XCTAssertEqual(renewed.exitCode, 0, renewed.error)
        let newPin = try XCTUnwrap(renewed.error.range(of: "new lookup PIN for \(code): ").map { String(renewed.error[$0.upperBound...].prefix(6)) }, renewed.error)
        XCTAssertTrue(try String(contentsOfFile: receipt, encoding: .utf8).contains(">\(newPin)</b>"))
        XCTAssertEqual(try lookUp(node, code, newPin).status, 200)
        if newPin != pin { XCTAssertEqual(try lookUp(node, code, pin).status, 404) }

        let usage = try CasectlProcess.run(["--node", node.baseURL, "print", code, "--form", "05", "--new-pin"], environment: node.adminEnvironment)
        XCTAssertEqual(usage.exitCode, 2)
    }

    /// The page the QR code opens, served by the node and loaded by a phone-sized browser:
    /// the code from the QR code is in the form, the PIN field empty, nothing fetched elsewhere.
    func testThePageTheQRCodeOpensLoadsInAPhonesBrowser() throws {
        let node = try startNode("local", joining: [])
        let (code, _) = try file(at: node, competent: "local")
        let address = "\(node.baseURL)/tra-cuu?ma=\(code)"
        let chromium = try HeadlessChromium()
        let dom = try chromium.dumpDOM(address, width: 500, height: 900)
        XCTAssertTrue(dom.contains("value=\"\(code)\""), dom)
        XCTAssertTrue(dom.contains("Trung tâm local"))
        let directory = try TemporaryDirectory()
        let png = directory.path("tra-cuu.png")
        try chromium.screenshot(address: address, to: png, width: 390, height: 844, scale: 2)
        XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: png)).count, 10_000)
    }
}
