import XCTest
@testable import CaseNet

final class HTTPRequestTests: XCTestCase {
    func testTargetDecoding() throws {
        let table: [(target: String, path: String, segments: [String], query: [(String, String)])] = [
            ("/", "/", [], []),
            ("/dossiers/000.00.12.H56-250701-0042", "/dossiers/000.00.12.H56-250701-0042",
             ["dossiers", "000.00.12.H56-250701-0042"], []),
            ("/a%2Fb/c", "/a/b/c", ["a/b", "c"], []),
            ("/p+q", "/p+q", ["p+q"], []),
            ("/s?q=Nguy%E1%BB%85n+V%C4%83n+An&page=2", "/s", ["s"], [("q", "Nguyễn Văn An"), ("page", "2")]),
            ("/s?flag&empty=&a=1&a=2", "/s", ["s"], [("flag", ""), ("empty", ""), ("a", "1"), ("a", "2")]),
            ("/s?x=a%2Bb%26c%3Dd", "/s", ["s"], [("x", "a+b&c=d")]),
            ("/s?", "/s", ["s"], []),
            ("/s?a=1&&b=2", "/s", ["s"], [("a", "1"), ("b", "2")]),
            ("/s?eq=a=b", "/s", ["s"], [("eq", "a=b")]),
        ]
        for row in table {
            let request = try HTTPRequest(method: "GET", target: row.target)
            XCTAssertEqual(request.path, row.path, row.target)
            XCTAssertEqual(request.pathSegments, row.segments, row.target)
            XCTAssertEqual(request.queryItems.map(\.name), row.query.map(\.0), row.target)
            XCTAssertEqual(request.queryItems.map(\.value), row.query.map(\.1), row.target)
        }
    }

    func testQueryReturnsFirstValueOrNil() throws {
        let request = try HTTPRequest(method: "GET", target: "/s?a=1&a=2&b=")
        XCTAssertEqual(request.query("a"), "1")
        XCTAssertEqual(request.query("b"), "")
        XCTAssertNil(request.query("c"))
    }

    func testInvalidTargetsThrowBadRequest() {
        for target in ["", "dossiers", "*", "/a%", "/a%G0", "/a?x=%C3"] {
            XCTAssertThrowsError(try HTTPRequest(method: "GET", target: target), target) { error in
                XCTAssertEqual((error as? HTTPParseError)?.code, "bad_request_target", target)
            }
        }
    }

    func testKeepAliveRules() throws {
        let table: [(HTTPVersion, HTTPHeaders, Bool)] = [
            (.http1_1, [:], true),
            (.http1_1, ["Connection": "close"], false),
            (.http1_1, ["connection": "Keep-Alive, CLOSE"], false),
            (.http1_0, [:], false),
            (.http1_0, ["Connection": "keep-alive"], true),
            (.http1_0, ["Connection": "Keep-Alive"], true),
        ]
        for (version, headers, expected) in table {
            let request = try HTTPRequest(method: "GET", target: "/", version: version, headers: headers)
            XCTAssertEqual(request.wantsKeepAlive, expected, "\(version) \(Array(headers).map { "\($0.name): \($0.value)" })")
        }
    }

    func testJSONBody() throws {
        let request = try HTTPRequest(method: "POST", target: "/", body: Array(#"{"a":[1,2]}"#.utf8))
        XCTAssertEqual(try request.jsonBody(), ["a": [1, 2]])
        let broken = try HTTPRequest(method: "POST", target: "/", body: Array("{".utf8))
        XCTAssertThrowsError(try broken.jsonBody())
    }
}
