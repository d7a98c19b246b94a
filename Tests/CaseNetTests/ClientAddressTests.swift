import XCTest
@testable import CaseNet

final class ClientAddressTests: XCTestCase {
    func testLiteralsBecomeTheKeysTheLimitsCountBy() {
        let cases: [(String, String?)] = [
            ("10.0.0.7", "10.0.0.7"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), ("[2001:db8::1]", "2001:db8:0:0::/64"),
            ("::ffff:10.0.0.7", "10.0.0.7"), ("::1", "0:0:0:0::/64"),
            ("example.com", nil), ("10.0.0.7:80", nil), ("", nil), ("10.0.0.256", nil), (String(repeating: "1", count: 100), nil),
        ]
        for (text, key) in cases { XCTAssertEqual(ClientAddress.key(ofLiteral: text), key, text) }
    }

    /// The last entry is the one the proxy added; what comes before is the client's word.
    func testTheForwardedClientIsTheLastEntryOfTheLastHeader() {
        XCTAssertEqual(ClientAddress.forwardedKey(["X-Forwarded-For": "1.2.3.4, 10.0.0.9"]), "10.0.0.9")
        var headers: HTTPHeaders = ["X-Forwarded-For": "1.2.3.4"]
        headers.add("X-Forwarded-For", "192.0.2.1 ,  2001:db8:5:6::9 ")
        XCTAssertEqual(ClientAddress.forwardedKey(headers), "2001:db8:5:6::/64")
        XCTAssertNil(ClientAddress.forwardedKey(["X-Forwarded-For": "10.0.0.9, unknown"]))
        XCTAssertNil(ClientAddress.forwardedKey([:]))
    }
}
