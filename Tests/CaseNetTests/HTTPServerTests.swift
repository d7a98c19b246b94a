import XCTest
import Synchronization
@testable import CaseNet
import CaseSupport
import TestSupport

final class HTTPServerTests: XCTestCase {
    private var servers: [EchoServer] = []

    override func tearDown() {
        for server in servers { XCTAssertTrue(server.server.stop(), "server threads must end") }
        servers = []
        super.tearDown()
    }

    private func startServer(
        limits: HTTPServerLimits = .init(), handler: (@Sendable (HTTPRequest) -> HTTPResponse)? = nil
    ) throws -> EchoServer {
        let server = try EchoServer(limits: limits, handler: handler)
        servers.append(server)
        return server
    }

    func testRequestsAreServedAndKeepAliveReusesOneConnection() throws {
        let server = try startServer()
        let client = try server.client()
        let first = try client.send("POST", "/dossiers?q=Nguy%E1%BB%85n+An", body: Array("{\"x\":1}".utf8))
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.headers["Content-Type"], "application/json; charset=utf-8")
        XCTAssertEqual(first.headers["Connection"], "keep-alive")
        let echoed = try first.jsonBody()
        XCTAssertEqual(echoed["path"], "/dossiers")
        XCTAssertEqual(echoed["query"], [["q", "Nguyễn An"]])
        XCTAssertEqual(echoed["body"], "{\"x\":1}")
        for index in 0..<5 {
            XCTAssertEqual(try client.send("GET", "/n/\(index)").status, 200)
        }
        let remotes = Set(server.requests.withLock { $0.map(\.remoteAddress) })
        XCTAssertEqual(remotes.count, 1, "all six requests came over one connection: \(remotes)")
        XCTAssertEqual(server.server.activeConnectionCount, 1)
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let server = try startServer()
        let raw = try server.raw()
        try raw.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nPOST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: t\r\n\r\n")
        for path in ["/1", "/2", "/3"] {
            let response = try XCTUnwrap(raw.readResponse())
            XCTAssertEqual(try JSONParser().parse(response.body)["path"]?.stringValue, path)
        }
    }

    func testRefusedRequestsGetJSONErrorsAndOtherConnectionsKeepBeingServed() throws {
        let server = try startServer(limits: HTTPServerLimits(maxHeaderBytes: 1_024, maxBodyBytes: 1_024))
        let bystander = try server.client()
        XCTAssertEqual(try bystander.send("GET", "/before").status, 200)
        let table: [(name: String, raw: String, status: Int, code: String)] = [
            ("garbage request line", "THIS IS NOT HTTP\r\n\r\n", 400, "bad_request_line"),
            ("binary junk", "\u{1}\u{2}\u{3}\r\n\r\n", 400, "bad_request_line"),
            ("oversized headers", "GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "a", count: 2_000))\r\n\r\n",
             431, "headers_too_large"),
            ("chunked body", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
             501, "transfer_encoding_not_implemented"),
            ("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "http_version_not_supported"),
            ("conflicting lengths", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
             400, "bad_content_length"),
        ]
        for row in table {
            let raw = try server.raw()
            try raw.send(row.raw)
            let response = try XCTUnwrap(raw.readResponse(), row.name)
            XCTAssertEqual(response.status, row.status, row.name)
            XCTAssertEqual(errorCode(response.body), row.code, "\(row.name): \(response.body)")
            XCTAssertEqual(response.headers["Connection"], "close", row.name)
            XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8", row.name)
            XCTAssertTrue(try raw.readsEndOfStream(), "\(row.name): the server closes after refusing")
        }
        XCTAssertEqual(try bystander.send("GET", "/after").status, 200)
        XCTAssertEqual(server.handledCount, 2, "no refused request reached the handler")
        XCTAssertTrue(server.logLines.withLock { $0.contains { $0.contains("bad_request_line") } })
    }

    func testOversizedDeclaredBodyGets413WithoutTheBodyBeingSent() throws {
        let server = try startServer(limits: HTTPServerLimits(maxBodyBytes: 1_024))
        let raw = try server.raw()
        // Only the head goes out: the answer must come without waiting for a body.
        try raw.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\n\r\n")
        let response = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(errorCode(response.body), "body_too_large")
        XCTAssertTrue(try raw.readsEndOfStream())
        XCTAssertEqual(server.handledCount, 0)
    }

    func testClientSendingAnOversizedBodyStillReadsThe413() throws {
        let server = try startServer(limits: HTTPServerLimits(maxBodyBytes: 1_024))
        let client = try server.client()
        let response = try client.send("POST", "/upload", body: Array(repeating: 0x61, count: 512 * 1024))
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(errorCode(response.bodyText), "body_too_large")
        XCTAssertEqual(try client.send("GET", "/next").status, 200, "the client reconnects after the server closed")
    }

    func testBodyShorterThanContentLengthThenCloseGets400() throws {
        let server = try startServer()
        let raw = try server.raw()
        try raw.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabcde")
        raw.connection.shutdown(.write)
        let response = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(errorCode(response.body), "incomplete_request")
        XCTAssertTrue(response.body.contains("after 5 of the 10 body bytes"), response.body)
        XCTAssertEqual(server.handledCount, 0)
    }

    func testBodyShorterThanContentLengthThenSilenceGets408() throws {
        let server = try startServer(limits: HTTPServerLimits(requestReadTimeoutMs: 200))
        let raw = try server.raw()
        try raw.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabcde")
        let response = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(response.status, 408)
        XCTAssertEqual(errorCode(response.body), "request_timeout")
        XCTAssertTrue(try raw.readsEndOfStream())
    }

    func testBytesBeyondContentLengthAreReadAsTheNextRequest() throws {
        let server = try startServer()
        let raw = try server.raw()
        try raw.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nabEXTRA\r\n\r\n")
        let first = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(try JSONParser().parse(first.body)["body"], "ab")
        let second = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(second.status, 400)
        XCTAssertEqual(errorCode(second.body), "bad_request_line")
    }

    func testSlowDribblingClientGets408() throws {
        let server = try startServer(limits: HTTPServerLimits(requestReadTimeoutMs: 300))
        let raw = try server.raw()
        try raw.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        // Keep sending a byte at a time: steady progress must not extend the
        // limit, which runs from the request's first byte.
        var answer: (status: Int, headers: HTTPHeaders, body: String)?
        let giveUp = Deadline.after(ms: 20_000)
        while answer == nil && !giveUp.hasPassed {
            try? raw.send("a")
            answer = try raw.readResponse(timeoutMs: 20)
        }
        let response = try XCTUnwrap(answer, "no 408 while dribbling")
        XCTAssertEqual(response.status, 408)
        XCTAssertEqual(errorCode(response.body), "request_timeout")
        XCTAssertEqual(server.handledCount, 0)
    }

    func testConnectionThatSendsNothingIsClosedSilently() throws {
        let server = try startServer(limits: HTTPServerLimits(firstByteTimeoutMs: 100))
        let raw = try server.raw()
        XCTAssertTrue(try raw.readsEndOfStream())
        XCTAssertNil(try raw.readResponse(timeoutMs: 10), "no response bytes were sent")
        XCTAssertTrue(eventually { server.server.counters.connectionsSilent == 1 && server.server.activeConnectionCount == 0 })
        XCTAssertEqual(server.handledCount, 0)
        XCTAssertEqual(server.logged("no byte within 100 ms of connecting").count, 1, server.logLines.value.joined(separator: "\n"))
    }

    func testConnectionLimitAnswers503OnceEverySlotIsAnAuthenticatedCallersAndRecovers() throws {
        let server = try startServer(limits: HTTPServerLimits(maxConnections: 2, maxConnectionsPerAddress: 2))
        let first = try server.client()
        let second = try server.client()
        XCTAssertEqual(try first.send("GET", "/a", headers: [EchoServer.goodToken]).status, 200)
        XCTAssertEqual(try second.send("GET", "/b", headers: [EchoServer.goodToken]).status, 200)
        XCTAssertEqual(server.server.activeConnectionCount, 2)

        let refused = try server.raw()
        let response = try XCTUnwrap(refused.readResponse())
        XCTAssertEqual(response.status, 503)
        XCTAssertEqual(errorCode(response.body), "too_many_connections")
        XCTAssertTrue(response.body.contains("all authenticated"), response.body)
        XCTAssertTrue(try refused.readsEndOfStream())
        let overflowing = try server.client()
        XCTAssertEqual(try overflowing.send("GET", "/overflow").status, 503, "the client reads the 503 too")
        XCTAssertEqual(server.server.counters.connectionsRefused, 2)

        first.close()
        XCTAssertTrue(eventually { server.server.activeConnectionCount < 2 })
        let third = try server.client()
        XCTAssertEqual(try third.send("GET", "/c").status, 200)
        XCTAssertEqual(try second.send("GET", "/d").status, 200, "the kept connection was never disturbed")
    }

    func testConnectionCloseAndHTTP10Rules() throws {
        let server = try startServer()
        let table: [(name: String, request: String, keepsOpen: Bool)] = [
            ("1.1 default", "GET / HTTP/1.1\r\nHost: t\r\n\r\n", true),
            ("1.1 close", "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", false),
            ("1.0 default", "GET / HTTP/1.0\r\n\r\n", false),
            ("1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ]
        for row in table {
            let raw = try server.raw()
            try raw.send(row.request)
            let response = try XCTUnwrap(raw.readResponse(), row.name)
            XCTAssertEqual(response.status, 200, row.name)
            XCTAssertEqual(response.headers["Connection"], row.keepsOpen ? "keep-alive" : "close", row.name)
            if row.keepsOpen {
                try raw.send(row.request)
                XCTAssertEqual(try raw.readResponse()?.status, 200, "\(row.name): second request on the same connection")
            } else {
                XCTAssertTrue(try raw.readsEndOfStream(), row.name)
            }
        }
    }

    func testMaxRequestsPerConnectionClosesAfterTheLast() throws {
        let server = try startServer(limits: HTTPServerLimits(maxRequestsPerConnection: 2))
        let raw = try server.raw()
        try raw.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try raw.readResponse()?.headers["Connection"], "keep-alive")
        try raw.send("GET /2 HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try raw.readResponse()?.headers["Connection"], "close")
        XCTAssertTrue(try raw.readsEndOfStream())
    }

    func testIdleConnectionIsClosedAndTheClientReconnects() throws {
        let server = try startServer(limits: HTTPServerLimits(idleKeepAliveTimeoutMs: 100))
        let client = try server.client()
        XCTAssertEqual(try client.send("GET", "/one", headers: [EchoServer.goodToken]).status, 200)
        XCTAssertTrue(eventually { server.server.activeConnectionCount == 0 }, "idle connection was not closed")
        XCTAssertEqual(try client.send("POST", "/two", headers: [EchoServer.goodToken], body: [0x31]).status, 200)
        let remotes = server.requests.withLock { $0.map(\.remoteAddress) }
        XCTAssertEqual(remotes.count, 2)
        XCTAssertNotEqual(remotes[0], remotes[1], "the second request needed a new connection")
    }

    func testExpectContinueGetsAnInterimResponse() throws {
        let server = try startServer()
        let raw = try server.raw()
        try raw.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(interim.status, 100)
        try raw.send("data")
        let final = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(final.status, 200)
        XCTAssertEqual(try JSONParser().parse(final.body)["body"], "data")
    }

    func testHandlerResponseWithInjectedHeaderBecomes500() throws {
        let server = try startServer { _ in
            HTTPResponse(status: 200, headers: ["X-Echo": "a\r\nSet-Cookie: stolen=1"])
        }
        let response = try server.client().send("GET", "/")
        XCTAssertEqual(response.status, 500)
        XCTAssertEqual(errorCode(response.bodyText), "internal_error")
        XCTAssertNil(response.headers["Set-Cookie"])
    }

    func testStopLetsARunningHandlerFinishAndClosesIdleConnections() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = try EchoServer { request in
            if request.path == "/slow" {
                entered.signal()
                release.wait()
            }
            return EchoServer.echo(request)
        }
        let idle = try server.client()
        XCTAssertEqual(try idle.send("GET", "/warm").status, 200)

        let slowResult = Locked<HTTPResponse?>(nil)
        let slowDone = expectation(description: "slow request answered")
        let slowClient = try server.client()
        Thread {
            let response = try? slowClient.send("GET", "/slow")
            slowResult.withLock { $0 = response }
            slowDone.fulfill()
        }.start()
        XCTAssertEqual(entered.wait(timeout: .now() + 10), .success)

        let stopped = Locked<Bool?>(nil)
        let stopDone = expectation(description: "stop returned")
        Thread {
            let finished = server.server.stop(timeoutMs: 10_000)
            stopped.withLock { $0 = finished }
            stopDone.fulfill()
        }.start()
        XCTAssertTrue(eventually { server.server.isStopping })
        XCTAssertTrue(eventually { server.server.activeConnectionCount == 1 }, "the idle connection is closed at once")
        release.signal()
        wait(for: [slowDone, stopDone], timeout: 20)

        let response = try XCTUnwrap(slowResult.withLock { $0 })
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["Connection"], "close")
        XCTAssertEqual(stopped.withLock { $0 }, true)
        XCTAssertEqual(server.server.activeConnectionCount, 0)
        XCTAssertThrowsError(try RawConnection(port: server.port), "the listener is closed")
        XCTAssertTrue(server.server.stop(), "stopping twice is harmless")
    }

    func testManyConcurrentClients() throws {
        let server = try startServer()
        let failures = Locked(0)
        let done = expectation(description: "all clients finished")
        done.expectedFulfillmentCount = 8
        for clientIndex in 0..<8 {
            let client = try server.client()
            Thread {
                for requestIndex in 0..<25 {
                    let path = "/c\(clientIndex)/r\(requestIndex)"
                    let ok = (try? client.send("GET", path).jsonBody()["path"]) == .string(path)
                    if !ok { failures.withLock { $0 += 1 } }
                }
                done.fulfill()
            }.start()
        }
        wait(for: [done], timeout: 60)
        XCTAssertEqual(failures.withLock { $0 }, 0)
        XCTAssertEqual(server.handledCount, 200)
    }
}
