import XCTest
@testable import CaseNet

final class PeerAddressTests: XCTestCase {
    func testParsing() {
        let cases: [(String, PeerAddress?)] = [
            ("127.0.0.1:7401", PeerAddress(host: "127.0.0.1", port: 7401)),
            ("xa-phuoc-long.local:1", PeerAddress(host: "xa-phuoc-long.local", port: 1)),
            ("[::1]:7411", PeerAddress(host: "::1", port: 7411)),
            ("[fe80::1%eth0]:65535", PeerAddress(host: "fe80::1%eth0", port: 65535)),
            ("127.0.0.1", nil),
            ("127.0.0.1:", nil),
            (":7401", nil),
            ("host:0", nil),
            ("host:65536", nil),
            ("host:+80", nil),
            ("host:８０", nil),
            ("::1:7401", nil),
            ("[::1]7401", nil),
            ("[]:7401", nil),
            ("", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(PeerAddress(text), expected, text)
        }
        XCTAssertEqual(PeerAddress("[::1]:7411")?.description, "[::1]:7411")
        XCTAssertEqual(PeerAddress("h:80")?.description, "h:80")
    }
}
