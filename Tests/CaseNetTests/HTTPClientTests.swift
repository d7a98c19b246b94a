import XCTest
import Synchronization
@testable import CaseNet

final class HTTPClientTests: XCTestCase {
    func testBaseURLParsing() throws {
        let good: [(String, String, UInt16)] = [
            ("http://127.0.0.1:7400", "127.0.0.1", 7400),
            ("http://127.0.0.1:7400/", "127.0.0.1", 7400),
            ("HTTP://node-a.local:8080", "node-a.local", 8080),
            ("http://localhost", "localhost", 80),
            ("http://[::1]:7400", "::1", 7400),
        ]
        for (url, host, port) in good {
            let client = try HTTPClient(baseURL: url)
            XCTAssertEqual(client.host, host, url)
            XCTAssertEqual(client.port, port, url)
        }
        XCTAssertEqual(try HTTPClient(baseURL: "http://[::1]:7400").address, "[::1]:7400")

        let bad: [(String, String)] = [
            ("https://127.0.0.1:7400", "plain http only"),
            ("127.0.0.1:7400", "expected http://host:port"),
            ("ftp://x", "expected http://host:port"),
            ("http://", "no path"),
            ("http://host:7400/api", "no path"),
            ("http://user@host:7400", "no path"),
            ("http://host:0", "port must be a number from 1 to 65535"),
            ("http://host:65536", "port must be"),
            ("http://host:abc", "port must be"),
            ("http://host:", "port must be"),
            ("http://ho_st:1", "not a valid host"),
            ("http://[::1:7400", "unclosed '['"),
        ]
        for (url, fragment) in bad {
            XCTAssertThrowsError(try HTTPClient(baseURL: url), url) { error in
                XCTAssertTrue("\(error)".hasPrefix("invalid server URL '\(url)': "), "\(error)")
                XCTAssertTrue("\(error)".contains(fragment), "\(url): \(error)")
            }
        }
    }

    func testConnectionRefusedIsReportedClearly() throws {
        let port = try closedPort()
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(port)")
        XCTAssertThrowsError(try client.send("GET", "/")) { error in
            XCTAssertEqual("\(error)", "cannot connect to 127.0.0.1:\(port): Connection refused")
        }
    }

    func testInvalidRequestsAreRefusedBeforeSending() throws {
        let client = try HTTPClient(baseURL: "http://127.0.0.1:1")
        let table: [(String, String, [(String, String)])] = [
            ("GET", "/a b", []),
            ("GET", "relative", []),
            ("GET", "/hồ", []),
            ("G T", "/", []),
            ("GET", "/", [("Host", "other")]),
            ("GET", "/", [("content-length", "5")]),
            ("GET", "/", [("X-A", "1\r\nX-B: 2")]),
        ]
        for (method, target, headers) in table {
            XCTAssertThrowsError(try client.send(method, target, headers: headers), "\(method) \(target) \(headers)") { error in
                guard case .invalidRequest = error as? HTTPClientError else {
                    return XCTFail("expected invalidRequest, got \(error)")
                }
            }
        }
    }

    func testTimeoutWhenTheServerNeverAnswers() throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(listener.boundPort)", timeoutMs: 200)
        XCTAssertThrowsError(try client.send("GET", "/")) { error in
            XCTAssertEqual(error as? HTTPClientError, .timedOut(address: "127.0.0.1:\(listener.boundPort)", timeoutMs: 200))
            XCTAssertEqual("\(error)", "no response from 127.0.0.1:\(listener.boundPort) within 200 ms")
        }
    }

    /// A scripted server: answers the first request keep-alive, then reads
    /// the next request on that connection and closes without answering, as
    /// a server closing an idle connection at the wrong moment would.
    private func startDroppingServer() throws -> (TCPListener, Locked<Int>) {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        let connectionsSeen = Locked(0)
        let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        Thread {
            guard let first = try? listener.accept() else { return }
            connectionsSeen.withLock { $0 += 1 }
            _ = try? first.read(maxBytes: 4096, timeoutMs: 10_000)
            try? first.writeAll(Array(ok.utf8), timeoutMs: 10_000)
            _ = try? first.read(maxBytes: 4096, timeoutMs: 10_000)
            first.close()
            while let next = try? listener.accept() {
                connectionsSeen.withLock { $0 += 1 }
                _ = try? next.read(maxBytes: 4096, timeoutMs: 10_000)
                try? next.writeAll(Array(ok.utf8), timeoutMs: 10_000)
                next.close()
            }
        }.start()
        return (listener, connectionsSeen)
    }

    func testIdempotentRequestIsRetriedOnceWhenAReusedConnectionDrops() throws {
        let (listener, connectionsSeen) = try startDroppingServer()
        defer { listener.interrupt() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(listener.boundPort)")
        XCTAssertEqual(try client.send("GET", "/first").bodyText, "ok")
        XCTAssertEqual(try client.send("GET", "/second").bodyText, "ok")
        XCTAssertEqual(connectionsSeen.withLock { $0 }, 2)
    }

    func testPostIsNotRetriedWhenAReusedConnectionDrops() throws {
        let (listener, _) = try startDroppingServer()
        defer { listener.interrupt() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(listener.boundPort)")
        XCTAssertEqual(try client.send("GET", "/first").bodyText, "ok")
        XCTAssertThrowsError(try client.send("POST", "/dossiers", body: [0x7B, 0x7D])) { error in
            guard case .connectionLost = error as? HTTPClientError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".hasPrefix("connection to 127.0.0.1:\(listener.boundPort) lost: "), "\(error)")
        }
    }
}
