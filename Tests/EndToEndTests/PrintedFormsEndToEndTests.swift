import CaseCore
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// The forms as a centre gets them: from a real casenode over HTTP and through casectl,
/// with the QR code pointing at the node's `--public-url`.
final class PrintedFormsEndToEndTests: XCTestCase {
    static let publicURL = "https://dichvucong.example.vn/xa-phuoc-long"
    private var node: CasenodeProcess!
    private var client: AuthorizedClient!
    private var code = ""

    override func setUpWithError() throws {
        node = CasenodeProcess.forTests(
            dataDirectory: CasenodeProcess.temporaryDirectory("forms"),
            extraArguments: ["--public-url", Self.publicURL, "--name", "Xã Phước Long"])
        try node.start()
        client = try node.client()
        let filed = try client.json("POST", "/v1/dossiers", DossierLifecycleEndToEndTests.filing)
        XCTAssertEqual(filed.status, 201)
        code = try XCTUnwrap(filed.body["code"]?.stringValue)
    }

    override func tearDown() {
        node?.stop()
    }

    private func page(_ path: String) throws -> (status: Int, contentType: String?, text: String) {
        let response = try client.send("GET", path)
        return (response.status, response.headers["Content-Type"], String(decoding: response.body, as: UTF8.self))
    }

    func testReceiptIsHTMLWhoseQRCodeScansToThePublicLookupAddress() throws {
        let receipt = try page("/v1/dossiers/\(code)/forms/01")
        XCTAssertEqual(receipt.status, 200, receipt.text)
        XCTAssertEqual(receipt.contentType, "text/html; charset=utf-8")
        XCTAssertTrue(receipt.text.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"))
        XCTAssertTrue(receipt.text.contains("XÃ PHƯỚC LONG") || receipt.text.contains("Xã Phước Long"))
        let directory = try TemporaryDirectory()
        let html = directory.path("receipt.html"), png = directory.path("receipt.png")
        try Data(receipt.text.utf8).write(to: URL(fileURLWithPath: html))
        try HeadlessChromium().screenshot(html, to: png, width: 900, height: 1_300, scale: 2)
        XCTAssertEqual(try QRScanner.scan(png), ["\(Self.publicURL)/tra-cuu?ma=\(code)"])
    }

    func testStepFormsExistOnlyOnceTheStepWasTaken() throws {
        let before = try client.json("GET", "/v1/dossiers/\(code)/forms/02")
        XCTAssertEqual(before.status, 404)
        XCTAssertEqual(before.body["error"]?["code"], "form_not_applicable")
        XCTAssertTrue(before.body["error"]?["message"]?.stringValue?.contains("no supplement was ever requested") == true)

        for action in ["start", "request-supplement"] {
            let body: JSONValue = ["action": .string(action), "note": "Bản sao giấy khai sinh; Ảnh 4x6", "reason": "thiếu giấy tờ"]
            XCTAssertEqual(try client.json("POST", "/v1/dossiers/\(code)/actions", body).status, 200, action)
        }
        let request = try page("/v1/dossiers/\(code)/forms/02")
        XCTAssertEqual(request.status, 200)
        XCTAssertTrue(request.text.contains("<li>Bản sao giấy khai sinh</li><li>Ảnh 4x6</li>"))
        let slip = try page("/v1/dossiers/\(code)/forms/05")
        XCTAssertEqual(slip.status, 200)
        XCTAssertTrue(slip.text.contains("Yêu cầu bổ sung hồ sơ"))
        XCTAssertEqual(try client.json("GET", "/v1/dossiers/\(code)/forms/03").body["error"]?["code"], "form_not_applicable")
        XCTAssertEqual(try client.json("GET", "/v1/dossiers/\(code)/forms/04").body["error"]?["code"], "form_not_applicable")
    }

    func testBadFormNumbersDatesAndCodesAreRefusedClearly() throws {
        let cases: [(path: String, status: Int, code: String, mentions: String)] = [
            ("/v1/dossiers/\(code)/forms/07", 404, "unknown_form", "01 to 05"),
            ("/v1/dossiers/\(code)/forms/06", 404, "unknown_form", "/v1/forms/06"),
            ("/v1/forms/01", 404, "unknown_form", "/v1/dossiers/{code}/forms/"),
            ("/v1/dossiers/LOCAL-990101-0001/forms/01", 404, "not_found", "LOCAL-990101-0001"),
            ("/v1/forms/06?from=2026-13-01", 400, "bad_query", "from must be a date"),
            ("/v1/forms/06?from=2026-02-01&to=2026-01-01", 400, "bad_query", "is after"),
            ("/v1/forms/06?colour=red", 400, "bad_query", "colour"),
        ]
        for sample in cases {
            let answer = try client.json("GET", sample.path)
            XCTAssertEqual(answer.status, sample.status, sample.path)
            XCTAssertEqual(answer.body["error"]?["code"]?.stringValue, sample.code, "\(sample.path): \(answer.body)")
            XCTAssertTrue(answer.body["error"]?["message"]?.stringValue?.contains(sample.mentions) == true, "\(sample.path): \(answer.body)")
        }
        XCTAssertEqual(try client.client.send("GET", "/v1/dossiers/\(code)/forms/01").status, 401, "no token, no form")
    }

    func testRegisterListsTheDossiersTheCentreReceivedInThePeriod() throws {
        let today = VietnamTime.civilDate(of: Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000)))
        let register = try page("/v1/forms/06?from=\(today.adding(days: -1).iso)&to=\(today.adding(days: 1).iso)")
        XCTAssertEqual(register.status, 200, register.text)
        XCTAssertTrue(register.text.contains("SỔ THEO DÕI HỒ SƠ"))
        XCTAssertTrue(register.text.contains(code))
        XCTAssertTrue(register.text.contains("@page{size:A4 landscape"))
        let elsewhere = try page("/v1/forms/06?centre=n9")
        XCTAssertEqual(elsewhere.status, 200)
        XCTAssertFalse(elsewhere.text.contains(code), "n9 received nothing")
    }

    func testCasectlPrintWritesTheFormToAFileOrStandardOutput() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("mau-01.html")
        let written = try CasectlProcess.run(["--node", node.baseURL, "print", code, "--form", "01", "-o", file], environment: node.adminEnvironment)
        XCTAssertEqual(written.exitCode, 0, written.error)
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600, "a form holds personal data: owner-only")
        let html = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(html.contains("\(Self.publicURL)/tra-cuu?ma=\(code)"))

        let standard = try CasectlProcess.run(["--node", node.baseURL, "print", "--form", "06"], environment: node.adminEnvironment)
        XCTAssertEqual(standard.exitCode, 0, standard.error)
        XCTAssertTrue(standard.standard.contains("SỔ THEO DÕI HỒ SƠ") && standard.standard.contains(code))

        let refused = try CasectlProcess.run(["--node", node.baseURL, "print", code, "--form", "03"], environment: node.adminEnvironment)
        XCTAssertEqual(refused.exitCode, 1)
        XCTAssertTrue(refused.error.contains("form_not_applicable"), refused.error)
        for (arguments, mentions) in [
            (["print", code], "missing --form"), (["print", "--form", "01"], "give its CODE"),
            (["print", code, "--form", "06"], "not a CODE"), (["print", code, "--form", "9"], "must be 01"),
            (["print", code, "--form", "01", "--from", "2026-01-01"], "--from is for the register"),
            (["print", code, "--form", "01", "--json"], "a form is HTML"),
        ] {
            let usage = try CasectlProcess.run(["--node", node.baseURL] + arguments, environment: node.adminEnvironment)
            XCTAssertEqual(usage.exitCode, 2, "\(arguments)")
            XCTAssertTrue(usage.error.contains(mentions), "\(arguments): \(usage.error)")
        }
        let help = try CasectlProcess.run(["print", "--help"])
        XCTAssertEqual(help.exitCode, 0)
        XCTAssertTrue(help.standard.contains("-o, --output FILE"))
    }
}
