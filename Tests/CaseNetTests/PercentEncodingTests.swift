import XCTest
@testable import CaseNet

final class PercentEncodingTests: XCTestCase {
    func testEncodeComponent() {
        let table: [(String, String)] = [
            ("abcXYZ019-._~", "abcXYZ019-._~"),
            ("a b", "a%20b"),
            ("a+b&c=d/e?f#g%", "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25"),
            ("Hồ sơ", "H%E1%BB%93%20s%C6%A1"),
            ("", ""),
        ]
        for (text, expected) in table {
            XCTAssertEqual(PercentEncoding.encodeComponent(text), expected, text)
            XCTAssertEqual(PercentEncoding.decode(Substring(expected), plusIsSpace: true), text, "round trip of \(text)")
        }
    }

    func testDecode() {
        XCTAssertEqual(PercentEncoding.decode("a+b%2b", plusIsSpace: true), "a b+")
        XCTAssertEqual(PercentEncoding.decode("a+b", plusIsSpace: false), "a+b")
        XCTAssertEqual(PercentEncoding.decode("%e1%bb%93", plusIsSpace: false), "ồ")
        for malformed in ["%", "%4", "%G1", "%FF", "%C3"] {
            XCTAssertNil(PercentEncoding.decode(Substring(malformed), plusIsSpace: false), malformed)
        }
    }
}
