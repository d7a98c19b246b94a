import XCTest
@testable import CaseNet
import CaseSupport
import TestSupport

/// The HTTP port under abuse: idle and slow strangers, floods from one address, bodies
/// sent with a bad token. Each must cost the abuser its own connections, never an
/// authenticated caller's.
final class HTTPServerAbuseTests: XCTestCase {
    private var servers: [EchoServer] = []

    override func tearDown() {
        for server in servers { XCTAssertTrue(server.server.stop(), "server threads must end") }
        servers = []
        super.tearDown()
    }

    private func startServer(limits: HTTPServerLimits = .init()) throws -> EchoServer {
        let server = try EchoServer(limits: limits)
        servers.append(server)
        return server
    }

    private var log: String { servers.flatMap(\.logLines.value).joined(separator: "\n") }

    /// Issue 15's acceptance, with the shipped limits: a thousand connections from the
    /// admin's own address, half silent and half stuck in a request head, do not keep the
    /// admin waiting more than a second.
    func testAnAdminIsAnsweredWithinOneSecondWhileAThousandIdleStrangersAreConnected() throws {
        try FileDescriptorLimit.raise(toAtLeast: 4_096)
        let server = try startServer()
        var strangers: [TCPConnection] = []
        defer { strangers.forEach { $0.close() } }
        for index in 0..<1_000 {
            let stranger = try TCPConnection.connect(host: "127.0.0.1", port: server.port, timeoutMs: 10_000)
            if index % 2 == 1 { try stranger.writeAll(Array("GET /v1/cluster HTTP/1.1\r\nHost: t\r\n".utf8), timeoutMs: 1_000) }
            strangers.append(stranger)
        }
        let limits = server.server.limits
        // The strangers hold every slot they may: the admin arrives at a full server.
        XCTAssertTrue(eventually { server.server.unauthenticatedConnectionCount == limits.maxUnauthenticatedConnections },
                      "strangers hold \(server.server.unauthenticatedConnectionCount) slots")

        let admin = try server.client()
        let started = ContinuousClock.now
        let response = try admin.send("GET", "/v1/cluster", headers: [EchoServer.goodToken])
        let waited = ContinuousClock.now - started
        XCTAssertEqual(response.status, 200, response.bodyText)
        XCTAssertLessThan(waited, .seconds(1), "the admin waited \(waited)")
        XCTAssertGreaterThanOrEqual(server.server.counters.connectionsEvicted, 1_000 - limits.maxUnauthenticatedConnections
                                    - server.server.counters.connectionsSilent, "the strangers pushed out their own")
        XCTAssertEqual(server.server.counters.connectionsRefused, 0, "nobody had to be refused")
        XCTAssertLessThan(server.logLines.value.count, 40, "a thousand refusals cost a few lines:\n\(log)")
    }

    func testAnAuthenticatedConnectionKeepsItsSlotThroughAFloodFromItsOwnAddress() throws {
        let server = try startServer(limits: HTTPServerLimits(maxConnections: 8))
        let caller = try server.raw()
        try caller.send("GET /mine HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer good\r\n\r\n")
        XCTAssertEqual(try caller.readResponse()?.status, 200)
        let flood = try (0..<50).map { _ in try server.raw() }
        XCTAssertTrue(eventually { server.server.counters.connectionsEvicted >= 50 - 3 }, "\(server.server.counters)")
        try caller.send("GET /still-mine HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try caller.readResponse()?.status, 200, "the same connection is still served")
        XCTAssertTrue(try flood[0].readsEndOfStream(), "the flood's oldest went first")
        let remotes = Set(server.requests.value.map(\.remoteAddress))
        XCTAssertEqual(remotes.count, 1, "both requests came over one connection: \(remotes)")
    }

    func testAStrangerAtItsAddressBoundEvictsItsOwnOldestConnectionsAndTheyAreCounted() throws {
        let server = try startServer(limits: HTTPServerLimits(maxConnections: 16, maxUnauthenticatedConnections: 16, maxConnectionsPerAddress: 4))
        let connections = try (0..<6).map { _ in try server.raw() }
        XCTAssertTrue(try connections[0].readsEndOfStream())
        XCTAssertTrue(try connections[1].readsEndOfStream())
        XCTAssertTrue(eventually { server.server.counters.connectionsEvicted == 2 && server.server.activeConnectionCount == 4 })
        try connections[5].send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try connections[5].readResponse()?.status, 200, "the newest is served")
        XCTAssertEqual(server.logged("to make room for a newer connection").count, 2, log)
    }

    func testARefusedTokenIsAnsweredOnTheHeadWithoutReadingTheBody() throws {
        let server = try startServer(limits: HTTPServerLimits(maxBodyBytes: 1_024))
        let table: [(name: String, raw: String)] = [
            ("an oversized body declared", "POST /v1/dossiers/X/actions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer bad\r\nContent-Length: 50000000\r\n\r\n"),
            ("a malformed body sent", "POST /v1/dossiers/X/actions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer bad\r\nContent-Length: 9\r\n\r\n{\"action\""),
            ("a body awaiting 100 Continue",
             "POST /v1/dossiers/X/actions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer bad\r\nExpect: 100-continue\r\nContent-Length: 40\r\n\r\n"),
        ]
        for row in table {
            let raw = try server.raw()
            try raw.send(row.raw)
            let response = try XCTUnwrap(raw.readResponse(), row.name)
            XCTAssertEqual(response.status, 401, "\(row.name): the token is judged first, never a 100, 400 or 413")
            XCTAssertEqual(response.headers["Connection"], "close", "\(row.name): the unread body cannot be framed")
            XCTAssertTrue(try raw.readsEndOfStream(), row.name)
        }
        XCTAssertEqual(server.heads.value.count, 3)
        XCTAssertEqual(server.handledCount, 0, "no body reached a handler")
    }

    func testAHeadAnswerToABodilessRequestKeepsTheConnectionOpen() throws {
        let server = try startServer()
        let raw = try server.raw()
        try raw.send("GET /v1/cluster HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer bad\r\n\r\n")
        let refused = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(refused.status, 401)
        XCTAssertEqual(refused.headers["Connection"], "keep-alive")
        try raw.send("GET /v1/cluster HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer good\r\n\r\n")
        XCTAssertEqual(try raw.readResponse()?.status, 200, "the next request on the same connection is served")
    }

    func testAStrangerThatDribblesItsHeadIsCutOffAtTheHeadLimit() throws {
        let server = try startServer(limits: HTTPServerLimits(unauthenticatedHeadTimeoutMs: 300))
        let raw = try server.raw()
        try raw.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        var answer: (status: Int, headers: HTTPHeaders, body: String)?
        let giveUp = Deadline.after(ms: 20_000)
        while answer == nil && !giveUp.hasPassed {
            try? raw.send("a")
            answer = try raw.readResponse(timeoutMs: 20)
        }
        let response = try XCTUnwrap(answer, "no 408 while dribbling")
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(response.body.contains("within 300 ms"), response.body)
        XCTAssertEqual(server.server.counters.requestsRefused, 1)
    }

    func testAStrangerIdleBetweenRequestsIsClosedSoonAnAuthenticatedCallerIsNot() throws {
        let server = try startServer(limits: HTTPServerLimits(firstByteTimeoutMs: 200))
        let stranger = try server.raw()
        let caller = try server.raw()
        try stranger.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        try caller.send("GET /v1/cluster HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer good\r\n\r\n")
        XCTAssertEqual(try stranger.readResponse()?.headers["Connection"], "keep-alive")
        XCTAssertEqual(try caller.readResponse()?.headers["Connection"], "keep-alive")
        XCTAssertTrue(try stranger.readsEndOfStream(), "a stranger gets firstByteTimeoutMs between requests")
        XCTAssertFalse(try caller.readsEndOfStream(timeoutMs: 600), "an authenticated caller gets idleKeepAliveTimeoutMs (30 s)")
        try caller.send("GET /again HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try caller.readResponse()?.status, 200)
    }

    func testRefusalsAreCountedEachAndLoggedAtPowersOfTwo() throws {
        let server = try startServer(limits: HTTPServerLimits(firstByteTimeoutMs: 50))
        for _ in 0..<20 {
            let silent = try server.raw()
            XCTAssertTrue(try silent.readsEndOfStream())
        }
        XCTAssertTrue(eventually { server.server.counters.connectionsSilent == 20 })
        let lines = server.logged("no byte within 50 ms")
        XCTAssertEqual(lines.count, 5, "the 1st, 2nd, 4th, 8th and 16th:\n\(log)")
        XCTAssertTrue(lines.last?.contains("[16 so far from 127.0.0.1;") ?? false, lines.last ?? "")
    }

    func testTimerGivesStrangersShortAllowancesUntilTheyAuthenticate() {
        let limits = HTTPServerLimits(
            firstByteTimeoutMs: 1_000, unauthenticatedHeadTimeoutMs: 3_000, requestReadTimeoutMs: 10_000, idleKeepAliveTimeoutMs: 30_000)
        var timer = RequestTimer(limits: limits, acceptedAt: .now)
        XCTAssertEqual(timer.allowanceMs, 3_000, "the first head, from accept")
        timer.headAdmitted()
        XCTAssertEqual(timer.allowanceMs, 10_000, "its body")
        timer.responseSent(nextRequestBegun: false)
        XCTAssertEqual(timer.allowanceMs, 1_000, "idle, not authenticated")
        timer.bytesArrived()
        XCTAssertEqual(timer.allowanceMs, 3_000, "the next head")
        timer.authenticated()
        XCTAssertEqual(timer.allowanceMs, 10_000, "an authenticated caller's request")
        timer.responseSent(nextRequestBegun: false)
        XCTAssertEqual(timer.allowanceMs, 30_000, "idle, authenticated")
    }
}
