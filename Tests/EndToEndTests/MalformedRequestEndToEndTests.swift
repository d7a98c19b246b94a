import CaseNet
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// Broken requests get the right 4xx and a JSON error, and the node keeps serving.
final class MalformedRequestEndToEndTests: XCTestCase {
    private var node: CasenodeProcess!

    override func setUpWithError() throws {
        node = CasenodeProcess.forTests(dataDirectory: CasenodeProcess.temporaryDirectory("malformed"))
        try node.start()
    }

    override func tearDown() {
        node?.stop()
    }

    /// Sends raw bytes on a fresh connection and returns the status code and JSON body of the answer.
    private func raw(_ request: String) throws -> (status: Int, body: JSONValue) {
        let connection = try TCPConnection.connect(host: "127.0.0.1", port: node.httpPort, timeoutMs: 5_000)
        defer { connection.close() }
        try connection.writeAll(Array(request.utf8), timeoutMs: 5_000)
        var received: [UInt8] = []
        reading: while true {
            switch try connection.read(maxBytes: 65_536, timeoutMs: 5_000) {
            case .bytes(let chunk): received += chunk
            case .endOfStream, .timedOut: break reading
            }
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let bodyText = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, (try? JSONParser().parse(bodyText)) ?? .null)
    }

    func testProtocolErrorsGetTheRightStatusAndAJSONError() throws {
        let oversizedHeader = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n"
        let cases: [(String, String, Int)] = [
            ("bad request line", "HELLO\r\n\r\n", 400),
            ("oversized headers", oversizedHeader, 431),
            ("oversized body", "POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(node.adminToken)\r\nContent-Length: 99999999\r\n\r\n", 413),
            // The token is judged on the head: a stranger's body is refused unread, whatever its size.
            ("oversized body without a token", "POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", 401),
            ("non-numeric Content-Length", "POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n", 400),
            ("two Content-Lengths", "POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
        ]
        for (name, request, expected) in cases {
            let answer = try raw(request)
            XCTAssertEqual(answer.status, expected, name)
            XCTAssertNotNil(answer.body["error"]?["code"]?.stringValue, "\(name): JSON error body")
            XCTAssertNotNil(answer.body["error"]?["message"]?.stringValue, "\(name): JSON error body")
        }
        XCTAssertEqual(try node.client().json("GET", "/healthz").status, 200, "the node keeps serving")
    }

    func testContentErrorsNameTheProblemAndChangeNothing() throws {
        let client = try node.client()
        let cases: [(String, String, Int, String)] = [
            ("invalid JSON", #"{"procedureCode": "1.001612", "#, 400, "invalid_json"),
            ("wrong type", #"{"procedureCode": 1001612, "applicant": {"fullName": "A B", "idNumber": "001090012345"}}"#, 422, "validation_failed"),
            ("invalid CCCD", #"{"procedureCode": "1.001612", "applicant": {"fullName": "A B", "idNumber": "12345"}}"#, 422, "validation_failed"),
            ("CCCD contradicts birth date", #"{"procedureCode": "1.001612", "applicant": {"fullName": "A B", "idNumber": "001090012345", "birthDate": "2001-01-01"}}"#, 422, "validation_failed"),
            ("unknown procedure", #"{"procedureCode": "9.999999", "applicant": {"fullName": "A B", "idNumber": "001090012345"}}"#, 422, "validation_failed"),
            ("bad phone", #"{"procedureCode": "1.001612", "applicant": {"fullName": "A B", "idNumber": "001090012345", "phone": "12"}}"#, 422, "validation_failed"),
        ]
        for (name, body, status, code) in cases {
            let response = try client.send("POST", "/v1/dossiers", headers: [("Content-Type", "application/json")], body: Array(body.utf8))
            XCTAssertEqual(response.status, status, name)
            let json = try JSONParser().parse(response.body)
            XCTAssertEqual(json["error"]?["code"]?.stringValue, code, name)
        }
        XCTAssertEqual(try client.json("GET", "/v1/dossiers").body["total"], 0, "no refused filing was stored")
        XCTAssertEqual(try client.json("DELETE", "/v1/dossiers").status, 405)
        XCTAssertEqual(try client.json("GET", "/v1/nothing").status, 404)
        XCTAssertEqual(try client.json("GET", "/v1/dossiers?status=lost").status, 400)
        XCTAssertEqual(try client.json("GET", "/v1/dossiers/LOCAL-250701-0001").status, 404)
    }
}
