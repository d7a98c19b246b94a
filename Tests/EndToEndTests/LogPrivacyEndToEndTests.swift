import CaseNet
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// What a real node writes to its log while it is used and misused: no applicant's name,
/// identity number or phone number, no clerk's name, no token secret.
final class LogPrivacyEndToEndTests: XCTestCase {
    func testTheLogOfABusyNodeHoldsNoPersonalDataAndNoSecret() throws {
        let node = CasenodeProcess.forTests(dataDirectory: CasenodeProcess.temporaryDirectory("log-privacy"))
        try node.start()
        defer {
            node.stop()
            node.removeFiles()
        }
        let client = try node.client()
        XCTAssertEqual(try client.json("POST", "/v1/dossiers", DossierLifecycleEndToEndTests.filing).status, 201)
        XCTAssertEqual(try client.json("GET", "/v1/dossiers?q=Nguy%E1%BB%85n%20V%C4%83n").status, 200)
        let token = try client.json("POST", "/v1/admin/tokens", ["name": "Lê Thị Hoa", "role": "clerk", "centre": "local"])
        XCTAssertEqual(token.status, 201, "\(token.body)")
        XCTAssertEqual(try client.json("POST", "/v1/admin/backup", ["file": "/etc/Nguyễn Văn Ánh"]).status, 400)
        // Requests so broken the node refuses them before any route: it tells the client what
        // it sent, and logs only that it refused.
        for request in [
            "GET /v1/dossiers?q=Nguyen Van Anh HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v1/dossiers HTTP/1.1\r\nHost: x\r\nAuthorization Bearer \(node.adminToken)\r\n\r\n",
        ] {
            XCTAssertEqual(try refusedStatus(request, port: node.httpPort), 400)
        }
        node.stop()

        let log = node.errorOutput
        XCTAssertTrue(log.contains("http: 127.0.0.1:") && log.contains(": 400 bad_header"), log)
        for secret in ["Nguyễn", "Nguyen", "Ánh", "Anh", "001090012345", "0912345678", "Lê Thị Hoa", "Hoa", node.adminToken, "cst_"] {
            XCTAssertFalse(log.contains(secret), "the log holds '\(secret)':\n\(log)")
        }
    }

    /// The status the node answers `request`, sent as raw bytes on a connection of its own.
    private func refusedStatus(_ request: String, port: UInt16) throws -> Int {
        let connection = try TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 5_000)
        defer { connection.close() }
        try connection.writeAll(Array(request.utf8), timeoutMs: 5_000)
        var received: [UInt8] = []
        reading: while true {
            switch try connection.read(maxBytes: 65_536, timeoutMs: 5_000) {
            case .bytes(let chunk): received += chunk
            case .endOfStream, .timedOut: break reading
            }
        }
        return Int(String(decoding: received, as: UTF8.self).split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
