import XCTest
@testable import CaseNet

final class HTTPHeadersTests: XCTestCase {
    func testNamesAreCaseInsensitiveAndOrderIsKept() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-Trace": "1"]
        headers.add("x-trace", "2")
        XCTAssertEqual(headers["content-type"], "text/plain")
        XCTAssertEqual(headers["X-TRACE"], "1")
        XCTAssertEqual(headers.values(for: "x-Trace"), ["1", "2"])
        XCTAssertTrue(headers.contains("CONTENT-TYPE"))
        XCTAssertFalse(headers.contains("Content"))
        XCTAssertEqual(Array(headers).map(\.name), ["Content-Type", "X-Trace", "x-trace"])
        headers.set("X-TRACE", "3")
        XCTAssertEqual(headers.values(for: "x-trace"), ["3"])
        headers.remove("content-type")
        XCTAssertNil(headers["Content-Type"])
        XCTAssertEqual(headers.count, 1)
    }

    func testTokenLists() {
        let headers: HTTPHeaders = ["Connection": "Keep-Alive ,\tUpgrade", "Connection": "close"]
        XCTAssertTrue(headers.hasToken("keep-alive", in: "connection"))
        XCTAssertTrue(headers.hasToken("upgrade", in: "Connection"))
        XCTAssertTrue(headers.hasToken("CLOSE", in: "Connection"))
        XCTAssertFalse(headers.hasToken("keep", in: "Connection"))
        XCTAssertFalse(headers.hasToken("close", in: "Upgrade"))
    }

    func testEqualityComparesFieldsInOrder() {
        XCTAssertEqual(HTTPHeaders([("A", "1"), ("B", "2")]), ["A": "1", "B": "2"])
        XCTAssertNotEqual(HTTPHeaders([("A", "1"), ("B", "2")]), ["B": "2", "A": "1"])
    }
}
