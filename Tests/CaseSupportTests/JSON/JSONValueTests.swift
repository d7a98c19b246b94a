import XCTest
@testable import CaseCore
@testable import CaseSupport

final class JSONValueTests: XCTestCase {
    private let sample: JSONValue = [
        "name": "Nguyễn Văn An",
        "age": 42,
        "score": 9.5,
        "active": true,
        "tags": ["a", "b"],
        "note": nil,
        "nested": ["x": 1],
    ]

    func testLiteralsBuildTheExpectedCases() {
        XCTAssertEqual(sample["name"], .string("Nguyễn Văn An"))
        XCTAssertEqual(sample["age"], .int(42))
        XCTAssertEqual(sample["score"], .double(9.5))
        XCTAssertEqual(sample["active"], .bool(true))
        XCTAssertEqual(sample["tags"], .array([.string("a"), .string("b")]))
        XCTAssertEqual(sample["note"], .null)
        XCTAssertEqual(sample["nested"], .object(["x": .int(1)]))
    }

    func testSubscriptsReturnNilForMissingOrWrongType() {
        XCTAssertNil(sample["missing"])
        XCTAssertNil(sample[0], "an object has no index subscript")
        XCTAssertEqual(sample["tags"]?[1], .string("b"))
        XCTAssertNil(sample["tags"]?[2])
        XCTAssertNil(sample["tags"]?[-1])
        XCTAssertNil(sample["tags"]?["a"], "an array has no key subscript")
        XCTAssertTrue(sample["missing"] == nil, "comparing an absent member with nil must mean absent")
        XCTAssertFalse(sample["note"] == nil, "a present null member is not absent")
    }

    func testTypedAccessorsAreStrict() {
        XCTAssertEqual(sample["name"]?.stringValue, "Nguyễn Văn An")
        XCTAssertNil(sample["age"]?.stringValue)
        XCTAssertEqual(sample["age"]?.int64Value, 42)
        XCTAssertNil(sample["score"]?.int64Value)
        XCTAssertNil(JSONValue.double(2.0).int64Value, "an integral double is not an integer")
        XCTAssertEqual(sample["age"]?.doubleValue, 42.0)
        XCTAssertEqual(sample["score"]?.doubleValue, 9.5)
        XCTAssertNil(sample["name"]?.doubleValue)
        XCTAssertEqual(sample["active"]?.boolValue, true)
        XCTAssertNil(JSONValue.int(1).boolValue)
        XCTAssertEqual(sample["tags"]?.arrayValue?.count, 2)
        XCTAssertNil(sample["name"]?.arrayValue)
        XCTAssertEqual(sample["nested"]?.objectValue, ["x": .int(1)])
        XCTAssertNil(sample["tags"]?.objectValue)
        XCTAssertTrue(sample["note"]?.isNull == true)
        XCTAssertFalse(sample["age"]?.isNull == true)
    }

    func testTypeNames() {
        let table: [(JSONValue, String)] = [
            (.null, "null"), (.bool(false), "boolean"), (.int(1), "number"), (.double(1.5), "number"),
            (.string(""), "string"), (.array([]), "array"), (.object([:]), "object"),
        ]
        for (value, expected) in table {
            XCTAssertEqual(value.typeName, expected, "\(value)")
        }
    }

    func testIntegerAndDoubleAreDistinct() {
        XCTAssertNotEqual(JSONValue.int(1), JSONValue.double(1.0))
    }
}
