import XCTest
@testable import CaseNet

final class HTTPResponseTests: XCTestCase {
    func testErrorResponseHasExactlyTheProjectShape() {
        let response = HTTPResponse.error(status: 404, code: "dossier_not_found", message: "no dossier \"X-1\"")
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.reason, "Not Found")
        XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        XCTAssertEqual(response.bodyText, #"{"error":{"code":"dossier_not_found","message":"no dossier \"X-1\""}}"#)
    }

    func testJSONAndTextFactories() throws {
        let json = HTTPResponse.json(201, ["id": 7, "name": "Đồng"])
        XCTAssertEqual(json.status, 201)
        XCTAssertEqual(json.bodyText, #"{"id":7,"name":"Đồng"}"#)
        XCTAssertEqual(try json.jsonBody(), ["id": 7, "name": "Đồng"])
        let text = HTTPResponse.text(200, "xin chào")
        XCTAssertEqual(text.headers["content-type"], "text/plain; charset=utf-8")
        XCTAssertEqual(text.body, Array("xin chào".utf8))
    }

    func testSerializerOwnsFramingHeaders() {
        var response = HTTPResponse.text(200, "hello")
        response.headers.add("Content-Length", "999")
        response.headers.add("connection", "upgrade")
        response.headers.add("X-Node", "node-a")
        let wire = HTTPResponseSerializer.serialize(response, keepAlive: true).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(wire, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Node: node-a\r\n"
            + "Content-Length: 5\r\nConnection: keep-alive\r\n\r\nhello")
        let closing = HTTPResponseSerializer.serialize(HTTPResponse(status: 204, body: [1, 2]), keepAlive: false)
            .map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(closing, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", "204 carries no body or length")
    }

    func testSerializerRefusesHeaderInjection() {
        let table: [HTTPResponse] = [
            HTTPResponse(status: 200, headers: ["X-Name": "a\r\nSet-Cookie: x=1"]),
            HTTPResponse(status: 200, headers: ["Bad Name": "v"]),
            HTTPResponse(status: 200, reason: "OK\r\nX: y"),
        ]
        for response in table {
            XCTAssertNil(HTTPResponseSerializer.serialize(response, keepAlive: true), "\(response.headers) \(response.reason)")
        }
    }

    func testResponseParserHandlesInterimLengthAndCloseFraming() throws {
        var parser = HTTPResponseParser(maxHeaderBytes: 1024, maxBodyBytes: 100, expectsBody: true)
        parser.append(Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".utf8))
        let (first, keepAlive) = try XCTUnwrap(parser.response(atEndOfStream: false))
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.bodyText, "hi")
        XCTAssertTrue(keepAlive)

        var untilClose = HTTPResponseParser(maxHeaderBytes: 1024, maxBodyBytes: 100, expectsBody: true)
        untilClose.append(Array("HTTP/1.0 200 OK\r\n\r\nall of it".utf8))
        XCTAssertNil(try untilClose.response(atEndOfStream: false))
        let (closed, closedKeepAlive) = try XCTUnwrap(untilClose.response(atEndOfStream: true))
        XCTAssertEqual(closed.bodyText, "all of it")
        XCTAssertFalse(closedKeepAlive)

        var closeHeader = HTTPResponseParser(maxHeaderBytes: 1024, maxBodyBytes: 100, expectsBody: true)
        closeHeader.append(Array("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8))
        XCTAssertEqual(try closeHeader.response(atEndOfStream: false)?.keepAlive, false)
    }

    func testResponseParserRefusesBadResponses() {
        let table: [(String, Bool)] = [
            ("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", false),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false),
            ("HTTP/1.1 2000 OK\r\n\r\n", false),
            ("SMTP ready\r\n\r\n", false),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", true),
            ("HTTP/1.1 200 O", true),
        ]
        for (raw, atEnd) in table {
            var parser = HTTPResponseParser(maxHeaderBytes: 1024, maxBodyBytes: 100, expectsBody: true)
            parser.append(Array(raw.utf8))
            XCTAssertThrowsError(try parser.response(atEndOfStream: atEnd), raw.debugDescription)
        }
    }
}
