import XCTest
@testable import CaseNet

/// A refused request is logged by its status and code only: its message may quote the
/// request, and a request may carry a citizen's name or a token.
final class HTTPRefusalLogTests: XCTestCase {
    func testRefusalLogLinesNeverQuoteTheRequest() throws {
        let server = try EchoServer()
        defer { XCTAssertTrue(server.server.stop()) }
        let table: [(raw: String, quoted: String, code: String)] = [
            ("GET /dossiers?q=Tran Van Binh HTTP/1.1\r\nHost: t\r\n\r\n", "Binh", "400 bad_request_line"),
            ("GET dossiers?q=Nguyen HTTP/1.1\r\nHost: t\r\n\r\n", "Nguyen", "400 bad_request_target"),
            ("GET / HTTP/1.1\r\nHost: t\r\nAuthorization Bearer cst_secret\r\n\r\n", "cst_secret", "400 bad_header"),
        ]
        for row in table {
            let raw = try server.raw()
            try raw.send(row.raw)
            let response = try XCTUnwrap(raw.readResponse(), row.code)
            XCTAssertTrue(response.body.contains(row.quoted), "the client is told what it sent: \(response.body)")
            let line = try XCTUnwrap(server.logLines.withLock { $0.last }, row.code)
            // The throttle appends how many so far; the refusal itself is the code alone.
            XCTAssertTrue(line.contains(": \(row.code) ["), line)
            XCTAssertFalse(line.contains(row.quoted), line)
        }
    }
}
