import XCTest
@testable import CaseCore
@testable import CaseSupport

final class JSONWriterTests: XCTestCase {
    func testCompactOutput() {
        let table: [(JSONValue, String)] = [
            (.null, "null"),
            (true, "true"),
            (false, "false"),
            (0, "0"),
            (-17, "-17"),
            (.int(.min), "-9223372036854775808"),
            (1.5, "1.5"),
            (3.0, "3.0"),
            ("", #""""#),
            ([], "[]"),
            (.object([:]), "{}"),
            ([1, "a", nil, [true]], #"[1,"a",null,[true]]"#),
            (["b": 1, "a": ["c": [], "b": .object([:])]], #"{"a":{"b":{},"c":[]},"b":1}"#),
        ]
        for (value, expected) in table {
            XCTAssertEqual(JSONWriter.string(value), expected)
        }
    }

    func testStringEscapes() {
        let table: [(String, String)] = [
            ("plain", #""plain""#),
            ("quote\"back\\slash", #""quote\"back\\slash""#),
            ("a/b", #""a/b""#),
            ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
            ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("Đắk Lắk 😀", "\"Đắk Lắk 😀\""),
            ("\u{2028}", "\"\u{2028}\""),
        ]
        for (text, expected) in table {
            XCTAssertEqual(JSONWriter.string(.string(text)), expected, text.debugDescription)
        }
    }

    func testObjectKeysAreSortedByUTF8Bytes() {
        let value: JSONValue = ["ư": 1, "a": 2, "B": 3, "é": 4, "aa": 5, "": 6, "z": 7, "Z": 8]
        XCTAssertEqual(JSONWriter.string(value), #"{"":6,"B":3,"Z":8,"a":2,"aa":5,"z":7,"é":4,"ư":1}"#)
    }

    func testIdenticalValuesGiveIdenticalBytesWhateverTheInsertionOrder() throws {
        let keys = (0..<200).map { "key\($0)-\(["đ", "a", "Ơ"][$0 % 3])" }
        var forward: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated() { forward[key] = .int(Int64(index)) }
        var backward: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated().reversed() { backward[key] = .int(Int64(index)) }
        let forwardBytes = JSONWriter.serialize(.object(forward))
        XCTAssertEqual(forwardBytes, JSONWriter.serialize(.object(backward)))
        let reparsed = try JSONParser().parse(forwardBytes)
        XCTAssertEqual(JSONWriter.serialize(reparsed), forwardBytes)
    }

    func testPrettyOutputUsesTwoSpaceIndent() {
        let value: JSONValue = ["name": "An", "list": [1, [], ["k": nil]], "empty": .object([:])]
        let expected = """
            {
              "empty": {},
              "list": [
                1,
                [],
                {
                  "k": null
                }
              ],
              "name": "An"
            }
            """
        XCTAssertEqual(JSONWriter.string(value, pretty: true), expected)
        XCTAssertEqual(JSONWriter.string([], pretty: true), "[]")
        XCTAssertEqual(JSONWriter.string(7, pretty: true), "7")
    }

    func testDoublesRoundTripExactlyAndStayDoubles() throws {
        let table: [Double] = [
            0.1, -0.0, 1.0, 1e20, 1e-5, 123456.789, 1.0 / 3.0, .leastNonzeroMagnitude, 2.2250738585072014e-308,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 9007199254740993.0, 1e15, 1e16,
        ]
        for number in table {
            let text = JSONWriter.string(.double(number))
            XCTAssertFalse(text.contains("inf") || text.contains("nan"), text)
            XCTAssertTrue(text.contains(".") || text.contains("e"), "\(text) would read back as an integer")
            let parsed = try JSONParser().parse(text)
            guard case .double(let back) = parsed else { return XCTFail("\(text) read back as \(parsed)") }
            XCTAssertEqual(back.bitPattern, number.bitPattern, text)
        }
    }

    func testRoundTripOfAMixedDocument() throws {
        let document: JSONValue = [
            "code": "000.00.12.H56-250701-0042",
            "procedure": ["code": "1.001612", "days": 5, "fee": 50000.5],
            "applicant": ["name": "Lê Thị Hồng Nhung", "cccd": "001203004567", "representative": nil],
            "steps": [["at": 1_751_328_000_123, "ok": true], ["at": .int(.max), "ok": false]],
            "note": "dòng 1\ndòng 2\t\"trích\"",
        ]
        for pretty in [false, true] {
            let bytes = JSONWriter.serialize(document, pretty: pretty)
            XCTAssertEqual(try JSONParser().parse(bytes), document, "pretty: \(pretty)")
        }
    }

    func testParsingThenWritingCanonicalisesSpacingAndOrder() throws {
        let input = " { \"b\" : [ 1 , 2.50 , \"\\u0041\\/\" ] , \"a\" : { } } "
        let canonical = #"{"a":{},"b":[1,2.5,"A/"]}"#
        XCTAssertEqual(JSONWriter.string(try JSONParser().parse(input)), canonical)
    }
}
