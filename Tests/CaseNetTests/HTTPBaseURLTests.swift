import XCTest
@testable import CaseNet

final class HTTPBaseURLTests: XCTestCase {
    func testBothSchemesParseWithTheirDefaultPorts() throws {
        let good: [(String, HTTPBaseURL.Scheme, String, UInt16, String)] = [
            ("http://127.0.0.1:7400", .http, "127.0.0.1", 7400, "http://127.0.0.1:7400"),
            ("HTTPS://ba-dinh.hanoi.example/", .https, "ba-dinh.hanoi.example", 443, "https://ba-dinh.hanoi.example:443"),
            ("https://[::1]:8443", .https, "::1", 8443, "https://[::1]:8443"),
            ("http://localhost", .http, "localhost", 80, "http://localhost:80"),
        ]
        for (text, scheme, host, port, canonical) in good {
            let url = try HTTPBaseURL(parsing: text)
            XCTAssertEqual(url.scheme, scheme, text)
            XCTAssertEqual(url.host, host, text)
            XCTAssertEqual(url.port, port, text)
            XCTAssertEqual(url.description, canonical, text)
            XCTAssertEqual(try HTTPBaseURL(parsing: url.description), url, "the canonical spelling parses back: \(text)")
        }
    }

    func testAnythingButABareOriginIsRefused() {
        let bad: [(String, String)] = [
            ("ftp://x", "expected http://host:port or https://host[:port]"),
            ("10.0.0.1:7400", "expected http://host:port or https://host[:port]"),
            ("https://", "no path, query or user name"),
            ("https://host/api", "no path"),
            ("https://admin@host", "no path, query or user name"),
            ("https://host?x=1", "no path, query"),
            ("https://host:0", "port must be a number from 1 to 65535"),
            ("https://ho_st", "not a valid host"),
            ("https://[::1", "unclosed '['"),
            ("https://[::1]x", "expected ':port' after the IPv6 address"),
            ("https://" + String(repeating: "a", count: 254), "longer than 253 characters"),
        ]
        for (text, fragment) in bad {
            XCTAssertThrowsError(try HTTPBaseURL(parsing: text), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("invalid server URL '\(text)': "), "\(error)")
                XCTAssertTrue("\(error)".contains(fragment), "\(text): \(error)")
            }
        }
    }

    func testLoopbackIsLocalhostOneTwoSevenSlashEightAndColonColonOne() throws {
        let loopback = [
            "localhost", "LocalHost", "127.0.0.1", "127.0.0.2", "127.255.255.254", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1",
            "0::1", "0000:0000::0001",
        ]
        for host in loopback {
            XCTAssertTrue(LoopbackHost.contains(host), host)
        }
        XCTAssertTrue(try HTTPBaseURL(parsing: "http://[::1]:7400").isLoopback)
        XCTAssertTrue(try HTTPBaseURL(parsing: "http://127.0.0.1:7410").isLoopback)
    }

    /// Spellings a resolver may also read as loopback, and look-alikes that are not: the rule
    /// decides where a token may go in clear, so anything but the canonical literals is remote.
    func testEverythingElseIsRemoteEvenSpellingsTheResolverMightMapToLoopback() throws {
        let remote = [
            "10.0.0.1", "192.168.1.7", "128.0.0.1", "126.255.255.255", "0.0.0.0", "::", "::2", "1::1", "::1:0",
            "127.1", "127.0.1", "0177.0.0.1", "0x7f.0.0.1", "127.000.0.1", "127.0.0.256", "127.0.0.1.example",
            "127.0.0.1.", "localhost.", "localhost.example", "my-localhost", "::ffff:127.0.0.1", "::1:", ":::1",
            "1:2:3:4:5:6:7:8:1", "00000::1", "::g1", "::+1", "", "ba-dinh.hanoi.example",
        ]
        for host in remote {
            XCTAssertFalse(LoopbackHost.contains(host), host)
        }
        XCTAssertFalse(try HTTPBaseURL(parsing: "https://10.0.0.1").isLoopback)
    }
}
