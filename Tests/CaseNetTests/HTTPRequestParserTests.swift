import XCTest
@testable import CaseNet

final class HTTPRequestParserTests: XCTestCase {
    private struct Expected {
        let method: String
        let path: String
        let body: String
        var version = HTTPVersion.http1_1
    }

    private let goodRequests: [(name: String, raw: String, expected: Expected)] = [
        ("simple GET", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", Expected(method: "GET", path: "/", body: "")),
        ("GET with query", "GET /dossiers?status=open HTTP/1.1\r\nHost: a\r\n\r\n",
         Expected(method: "GET", path: "/dossiers", body: "")),
        ("POST with body", "POST /dossiers HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n{\"a\":\"ồ\"}",
         Expected(method: "POST", path: "/dossiers", body: "{\"a\":\"ồ\"}")),
        ("zero Content-Length", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
         Expected(method: "POST", path: "/x", body: "")),
        ("HTTP/1.0 without Host", "GET /old HTTP/1.0\r\n\r\n",
         Expected(method: "GET", path: "/old", body: "", version: .http1_0)),
        ("lower-case header names and OWS", "PUT /p HTTP/1.1\r\nhost:a\r\ncontent-length:\t3 \r\n\r\nabc",
         Expected(method: "PUT", path: "/p", body: "abc")),
        ("leading empty line ignored", "\r\nGET /after-crlf HTTP/1.1\r\nHost: a\r\n\r\n",
         Expected(method: "GET", path: "/after-crlf", body: "")),
        ("percent-encoded path", "GET /h%E1%BB%93%20s%C6%A1 HTTP/1.1\r\nHost: a\r\n\r\n",
         Expected(method: "GET", path: "/hồ sơ", body: "")),
        ("extension method", "PURGE /cache HTTP/1.1\r\nHost: a\r\n\r\n", Expected(method: "PURGE", path: "/cache", body: "")),
        ("empty header value", "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n", Expected(method: "GET", path: "/", body: "")),
    ]

    func testGoodRequestsParseWholeAndAtEveryByteBoundary() throws {
        for row in goodRequests {
            let bytes = Array(row.raw.utf8)
            var whole = HTTPRequestParser()
            whole.append(bytes)
            try check(whole.nextRequest(), row.expected, row.name)
            XCTAssertFalse(whole.hasPartialRequest, row.name)
            XCTAssertNil(try whole.nextRequest(), row.name)

            for split in 0...bytes.count {
                var parser = HTTPRequestParser()
                parser.append(bytes[..<split])
                let early = try parser.nextRequest()
                if split < bytes.count {
                    XCTAssertNil(early, "\(row.name): complete after only \(split) of \(bytes.count) bytes")
                    parser.append(bytes[split...])
                    try check(parser.nextRequest(), row.expected, "\(row.name) split at \(split)")
                } else {
                    try check(early, row.expected, "\(row.name) split at end")
                }
            }
        }
    }

    func testByteByByteFeeding() throws {
        let raw = Array("POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody".utf8)
        var parser = HTTPRequestParser()
        var requests: [HTTPRequest] = []
        for byte in raw {
            parser.append([byte])
            if let request = try parser.nextRequest() { requests.append(request) }
        }
        XCTAssertEqual(requests.count, 1)
        XCTAssertEqual(requests.first?.body, Array("body".utf8))
        XCTAssertEqual(requests.first?.query("x"), "1")
    }

    func testPipelinedRequestsInOneBufferComeOutInOrder() throws {
        let raw = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz"
            + "GET /three HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /fou"
        var parser = HTTPRequestParser()
        parser.append(Array(raw.utf8))
        XCTAssertEqual(try parser.nextRequest()?.path, "/one")
        let second = try parser.nextRequest()
        XCTAssertEqual(second?.path, "/two")
        XCTAssertEqual(second?.body, Array("xyz".utf8))
        XCTAssertEqual(try parser.nextRequest()?.path, "/three")
        XCTAssertNil(try parser.nextRequest())
        XCTAssertTrue(parser.hasPartialRequest)
        parser.append(Array("r HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        XCTAssertEqual(try parser.nextRequest()?.path, "/four")
        XCTAssertFalse(parser.hasPartialRequest)
    }

    func testMalformedRequestsGetTheRightStatusAndCode() {
        let table: [(name: String, raw: String, status: Int, code: String)] = [
            ("garbage request line", "HELLO\r\n\r\n", 400, "bad_request_line"),
            ("missing version", "GET /\r\nHost: a\r\n\r\n", 400, "bad_request_line"),
            ("double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_line"),
            ("lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_line"),
            ("unsupported version", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "http_version_not_supported"),
            ("method with slash", "GE/T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_line"),
            ("bare LF line ends", "GET / HTTP/1.1\nHost: a\n\r\n\r\n", 400, "bad_request_line"),
            ("absolute-form target", "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_target"),
            ("bad percent escape", "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_target"),
            ("percent escape not UTF-8", "GET /a%FF HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_target"),
            ("bad query escape", "GET /a?x=%4 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request_target"),
            ("header without colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, "bad_header"),
            ("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "bad_header"),
            ("folded header", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", 400, "bad_header"),
            ("control char in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n", 400, "bad_header"),
            ("missing Host on 1.1", "GET / HTTP/1.1\r\n\r\n", 400, "missing_host"),
            ("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "bad_host"),
            ("chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501, "transfer_encoding_not_implemented"),
            ("chunked and length", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
             400, "conflicting_length"),
            ("two equal lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
             400, "bad_content_length"),
            ("conflicting lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
             400, "bad_content_length"),
            ("length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400, "bad_content_length"),
            ("non-numeric length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ten\r\n\r\n", 400, "bad_content_length"),
            ("negative length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "bad_content_length"),
            ("signed length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400, "bad_content_length"),
            ("empty length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400, "bad_content_length"),
            ("body too large", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", 413, "body_too_large"),
            ("absurd length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
             413, "body_too_large"),
            ("unknown expectation", "POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n",
             417, "expectation_failed"),
        ]
        for row in table {
            var parser = HTTPRequestParser()
            parser.append(Array(row.raw.utf8))
            XCTAssertThrowsError(try parser.nextRequest(), row.name) { error in
                let parseError = error as? HTTPParseError
                XCTAssertEqual(parseError?.status, row.status, "\(row.name): \(error)")
                XCTAssertEqual(parseError?.code, row.code, "\(row.name): \(error)")
                XCTAssertFalse(parseError?.message.isEmpty ?? true, row.name)
            }
            XCTAssertThrowsError(try parser.nextRequest(), "\(row.name): errors must be final")
        }
    }

    func testHeadLimitIsJudgedBeforeTheHeadIsComplete() {
        var parser = HTTPRequestParser(maxHeaderBytes: 64)
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ".utf8))
        XCTAssertNil(try parser.nextRequest())
        parser.append(Array(repeating: UInt8(ascii: "a"), count: 40))
        XCTAssertThrowsError(try parser.nextRequest()) { error in
            XCTAssertEqual((error as? HTTPParseError)?.status, 431)
            XCTAssertEqual((error as? HTTPParseError)?.code, "headers_too_large")
        }
    }

    func testHeadExactlyAtTheLimitIsAccepted() throws {
        let head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        var parser = HTTPRequestParser(maxHeaderBytes: head.utf8.count)
        parser.append(Array(head.utf8))
        XCTAssertEqual(try parser.nextRequest()?.path, "/")
        var tooSmall = HTTPRequestParser(maxHeaderBytes: head.utf8.count - 1)
        tooSmall.append(Array(head.utf8))
        XCTAssertThrowsError(try tooSmall.nextRequest())
    }

    func testHeaderCountLimit() throws {
        let fields = (0..<5).map { "X-\($0): v\r\n" }.joined()
        var atLimit = HTTPRequestParser(maxHeaderCount: 6)
        atLimit.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n".utf8))
        XCTAssertEqual(try atLimit.nextRequest()?.headers.count, 6)
        var overLimit = HTTPRequestParser(maxHeaderCount: 5)
        overLimit.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n".utf8))
        XCTAssertThrowsError(try overLimit.nextRequest()) { error in
            XCTAssertEqual((error as? HTTPParseError)?.status, 431)
            XCTAssertEqual((error as? HTTPParseError)?.code, "too_many_headers")
        }
    }

    func testBodyLimitIsJudgedFromContentLengthBeforeAnyBodyArrives() {
        var parser = HTTPRequestParser(maxBodyBytes: 10)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n".utf8))
        XCTAssertThrowsError(try parser.nextRequest()) { error in
            XCTAssertEqual((error as? HTTPParseError)?.status, 413)
        }
        var atLimit = HTTPRequestParser(maxBodyBytes: 10)
        atLimit.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789".utf8))
        XCTAssertEqual(try atLimit.nextRequest()?.body.count, 10)
    }

    func testReadSizeHintNeverAsksBeyondTheBodyInProgress() throws {
        var parser = HTTPRequestParser()
        XCTAssertEqual(parser.readSizeHint, 16_385, "a fresh parser wants at most one head")
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc".utf8))
        XCTAssertNil(try parser.nextRequest())
        XCTAssertEqual(parser.readSizeHint, 7)
    }

    func testExpectContinueIsSignalledUntilAcknowledgedOrBodyArrives() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n".utf8))
        XCTAssertNil(try parser.nextRequest())
        XCTAssertTrue(parser.expectsContinue)
        parser.acknowledgeContinue()
        XCTAssertFalse(parser.expectsContinue)
        parser.append(Array("ok".utf8))
        XCTAssertEqual(try parser.nextRequest()?.body, Array("ok".utf8))

        var bodyAlreadyThere = HTTPRequestParser()
        bodyAlreadyThere.append(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok".utf8))
        XCTAssertNotNil(try bodyAlreadyThere.nextRequest())
        XCTAssertFalse(bodyAlreadyThere.expectsContinue)
    }

    func testIncompleteRequestDescriptionSaysHowMuchArrived() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabcde".utf8))
        XCTAssertNil(try parser.nextRequest())
        XCTAssertEqual(parser.incompleteRequestDescription,
                       "connection closed after 5 of the 10 body bytes declared by Content-Length")
    }

    private func check(_ request: HTTPRequest?, _ expected: Expected, _ name: String) throws {
        let request = try XCTUnwrap(request, "\(name): no request")
        XCTAssertEqual(request.method, expected.method, name)
        XCTAssertEqual(request.path, expected.path, name)
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), expected.body, name)
        XCTAssertEqual(request.version, expected.version, name)
    }

    // MARK: - The head before the body

    func testTheHeadComesOutAloneAndTheBodyOnlyOnceAdmitted() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /v1/dossiers/X/actions HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n{\"a\"".utf8))
        let head = try XCTUnwrap(parser.nextHead())
        XCTAssertEqual(head.path, "/v1/dossiers/X/actions")
        XCTAssertEqual(head.contentLength, 5)
        XCTAssertNotNil(try parser.nextHead(), "the head stays pending until its body is admitted")
        try parser.admitBody()
        XCTAssertNil(try parser.nextHead(), "once admitted, the head is no longer offered")
        XCTAssertNil(try parser.nextRequest(), "one body byte is still missing")
        parser.append(Array("}".utf8))
        XCTAssertEqual(try parser.nextRequest()?.body, Array("{\"a\"}".utf8))
    }

    func testAnOversizedBodyIsRefusedWhenAdmittedNotWhenTheHeadIsRead() throws {
        var parser = HTTPRequestParser(maxBodyBytes: 1_024)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n".utf8))
        let head = try XCTUnwrap(parser.nextHead(), "a head declaring too much is still judged first (e.g. its token)")
        XCTAssertEqual(head.contentLength, 1_025, "shown as one more than the limit")
        XCTAssertThrowsError(try parser.admitBody()) { error in
            XCTAssertEqual((error as? HTTPParseError)?.status, 413)
            XCTAssertTrue((error as? HTTPParseError)?.message.contains("more than 1024") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try parser.nextHead(), "the refusal is final")
    }

    func testContinueIsAskedForOnlyOnceTheBodyIsAdmitted() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        XCTAssertNotNil(try parser.nextHead())
        XCTAssertFalse(parser.expectsContinue, "a caller refused on its head must not be invited to send its body")
        try parser.admitBody()
        XCTAssertTrue(parser.expectsContinue)
    }
}
