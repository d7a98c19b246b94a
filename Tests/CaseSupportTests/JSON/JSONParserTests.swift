import XCTest
@testable import CaseCore
@testable import CaseSupport

final class JSONParserTests: XCTestCase {
    private let parser = JSONParser()

    // MARK: accepted documents (JSONTestSuite-style "y_" cases)

    func testAcceptedDocuments() throws {
        let table: [(name: String, input: String, expected: JSONValue)] = [
            ("y_structure_lonely_null", "null", .null),
            ("y_structure_lonely_true", "true", .bool(true)),
            ("y_structure_lonely_false", "false", .bool(false)),
            ("y_structure_lonely_int", "42", .int(42)),
            ("y_structure_lonely_string", #""asd""#, .string("asd")),
            ("y_structure_whitespace_around", " \t\r\n[1] \n", [1]),
            ("y_array_empty", "[]", .array([])),
            ("y_array_empty_with_space", "[ ]", .array([])),
            ("y_array_nested", "[[],[[]]]", [[], [[]]]),
            ("y_array_heterogeneous", #"[null, 1, "1", {}]"#, [nil, 1, "1", .object([:])]),
            ("y_object_empty", "{}", .object([:])),
            ("y_object_simple", #"{"a":"b"}"#, ["a": "b"]),
            ("y_object_spaces", #"{ "a" : [ 1 , 2 ] }"#, ["a": [1, 2]]),
            ("y_object_empty_key", #"{"":0}"#, ["": 0]),
            ("y_number_zero", "0", .int(0)),
            ("y_number_negative_zero", "-0", .int(0)),
            ("y_number_negative_int", "-123", .int(-123)),
            ("y_number_fraction", "1.5", .double(1.5)),
            ("y_number_negative_fraction", "-0.25", .double(-0.25)),
            ("y_number_exponent", "1e3", .double(1000)),
            ("y_number_capital_exponent_plus", "1E+2", .double(100)),
            ("y_number_exponent_minus", "25e-1", .double(2.5)),
            ("y_number_fraction_exponent", "1.25e2", .double(125)),
            ("y_number_integral_double", "2.0", .double(2)),
            ("y_number_underflow_to_zero", "1e-400", .double(0)),
            ("y_number_int64_max", "9223372036854775807", .int(.max)),
            ("y_number_int64_min", "-9223372036854775808", .int(.min)),
            ("y_number_beyond_int64", "9223372036854775808", .double(9223372036854775808.0)),
            ("y_number_below_int64", "-9223372036854775809", .double(-9223372036854775809.0)),
            ("y_string_escapes", #""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{08}\u{0C}\n\r\t")),
            ("y_string_unicode_escape", #""\u0041\u00e9""#, .string("Aé")),
            ("y_string_escaped_nul", #""a\u0000b""#, .string("a\u{0}b")),
            ("y_string_surrogate_pair", #""\uD83D\uDE00""#, .string("😀")),
            ("y_string_surrogate_pair_lowercase", #""\ud834\udd1e""#, .string("𝄞")),
            ("y_string_raw_utf8", #""Hồ sơ tiếp nhận""#, .string("Hồ sơ tiếp nhận")),
            ("y_string_four_byte_utf8", #""𝄞""#, .string("𝄞")),
            ("y_string_u2028_raw", "\"\u{2028}\"", .string("\u{2028}")),
            ("y_string_del_raw", "\"\u{7F}\"", .string("\u{7F}")),
            ("y_string_max_scalar", "\"\u{10FFFF}\"", .string("\u{10FFFF}")),
        ]
        for row in table {
            XCTAssertEqual(try parser.parse(row.input), row.expected, row.name)
        }
    }

    // MARK: refused documents ("n_" cases)

    func testRefusedDocuments() {
        let table: [(name: String, input: [UInt8], offset: Int, message: String)] = [
            ("n_structure_empty", bytes(""), 0, "unexpected end of input"),
            ("n_structure_only_whitespace", bytes("  "), 2, "unexpected end of input"),
            ("n_structure_trailing_garbage", bytes("[1] x"), 4, "after the JSON value"),
            ("n_structure_two_values", bytes("1 2"), 2, "after the JSON value"),
            ("n_structure_bom", [0xEF, 0xBB, 0xBF] + bytes("1"), 0, "byte-order mark"),
            ("n_structure_unclosed_array", bytes("[1"), 2, "expected ',' or ']'"),
            ("n_structure_unclosed_object", bytes(#"{"a":1"#), 6, "expected ',' or '}' after object member"),
            ("n_object_missing_comma", bytes(#"{"a":1 "b":2}"#), 7, "expected ',' or '}' after object member"),
            ("n_object_trailing_comma", bytes(#"{"a":1,}"#), 7, "trailing comma"),
            ("n_object_missing_colon", bytes(#"{"a" 1}"#), 5, "expected ':'"),
            ("n_object_unquoted_key", bytes("{a:1}"), 1, "expected a string key"),
            ("n_object_non_string_key", bytes("{1:1}"), 1, "expected a string key"),
            ("n_object_comma_then_non_key", bytes(#"{"a":1,2}"#), 7, "expected a string key after ','"),
            ("n_object_duplicate_key", bytes(#"{"id":1,"id":2}"#), 8, "duplicate object key \"id\""),
            ("n_array_trailing_comma", bytes("[1,]"), 3, "trailing comma"),
            ("n_array_leading_comma", bytes("[,1]"), 1, "expected a value"),
            ("n_array_double_comma", bytes("[1,,2]"), 3, "expected a value"),
            ("n_array_missing_comma", bytes("[1 2]"), 3, "expected ',' or ']'"),
            ("n_literal_truncated", bytes("tru"), 0, "expected 'true'"),
            ("n_literal_capitalised", bytes("True"), 0, "unexpected character 'T'"),
            ("n_literal_nan", bytes("NaN"), 0, "unexpected character 'N'"),
            ("n_literal_infinity", bytes("-Infinity"), 1, "expected a digit"),
            ("n_number_leading_zero", bytes("012"), 1, "leading zeros"),
            ("n_number_negative_leading_zero", bytes("-01"), 2, "leading zeros"),
            ("n_number_plus_sign", bytes("+1"), 0, "unexpected character '+'"),
            ("n_number_lone_minus", bytes("-"), 1, "expected a digit"),
            ("n_number_dot_without_digits", bytes("1."), 2, "after the decimal point"),
            ("n_number_leading_dot", bytes(".5"), 0, "unexpected character '.'"),
            ("n_number_exponent_without_digits", bytes("1e"), 2, "after the exponent"),
            ("n_number_exponent_sign_only", bytes("1e+"), 3, "after the exponent"),
            ("n_number_hex", bytes("0x10"), 1, "after the JSON value"),
            ("n_number_too_large", bytes("1e400"), 0, "too large"),
            ("n_number_too_long", bytes(String(repeating: "1", count: 5000)), 0, "longer than 4096"),
            ("n_string_unterminated", bytes(#""abc"#), 4, "unterminated string"),
            ("n_string_single_quotes", bytes("'a'"), 0, "unexpected character"),
            ("n_string_raw_newline", bytes("\"a\nb\""), 2, "control character 0x0A"),
            ("n_string_raw_tab", bytes("\"\t\""), 1, "control character 0x09"),
            ("n_string_bad_escape", bytes(#""\x41""#), 1, "invalid escape"),
            ("n_string_escape_at_end", bytes(#""\"#), 2, "unterminated escape"),
            ("n_string_short_unicode_escape", bytes(#""\u12""#), 5, "four hex digits"),
            ("n_string_lone_low_surrogate", bytes(#""\uDE00""#), 1, "lone low surrogate"),
            ("n_string_lone_high_surrogate", bytes(#""\uD83D""#), 1, "must be followed by a low surrogate"),
            ("n_string_high_then_text", bytes(#""\uD83Dx""#), 1, "must be followed by a low surrogate"),
            ("n_string_high_then_high", bytes(#""\uD83D\uD83D""#), 1, "not \\uD83D"),
            ("n_utf8_lone_continuation", [0x22, 0x80, 0x22], 1, "cannot start a character"),
            ("n_utf8_overlong_slash", [0x22, 0xC0, 0xAF, 0x22], 1, "cannot start a character"),
            ("n_utf8_overlong_three_byte", [0x22, 0xE0, 0x80, 0xAF, 0x22], 1, "malformed 3-byte"),
            ("n_utf8_encoded_surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], 1, "malformed 3-byte"),
            ("n_utf8_above_max_scalar", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "malformed 4-byte"),
            ("n_utf8_invalid_lead_f5", [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1, "cannot start a character"),
            ("n_utf8_truncated_sequence", [0x22, 0xE1, 0x80], 1, "malformed 3-byte"),
            ("n_utf8_outside_string", [0xC3, 0xA9], 0, "byte 0xC3"),
            ("n_structure_comment", bytes("[1 /* c */]"), 3, "expected ',' or ']'"),
        ]
        for row in table {
            XCTAssertThrowsError(try parser.parse(row.input), row.name) { error in
                guard let parseError = error as? JSONParseError else {
                    return XCTFail("\(row.name): unexpected error type \(error)")
                }
                XCTAssertEqual(parseError.offset, row.offset, "\(row.name): \(parseError)")
                XCTAssertTrue(parseError.message.contains(row.message), "\(row.name): \(parseError.message)")
            }
        }
    }

    func testErrorDescriptionNamesByteOffsetAndProblem() {
        XCTAssertThrowsError(try parser.parse(#"{"name":"An" "age":3}"#)) { error in
            XCTAssertEqual(
                "\(error)", "invalid JSON at byte 13: expected ',' or '}' after object member")
        }
    }

    // MARK: duplicate keys

    func testDuplicateKeysAreRefusedEvenWhenOnlyNormalisationDiffers() {
        let nfc = "Ho\u{E0}"  // "Hoà" precomposed
        let nfd = "Hoa\u{300}"  // "Hoà" with a combining grave accent
        XCTAssertNotEqual(Array(nfc.utf8), Array(nfd.utf8))
        let document = "{\"\(nfc)\":1,\"\(nfd)\":2}"
        XCTAssertThrowsError(try parser.parse(document)) { error in
            XCTAssertTrue("\(error)".contains("duplicate object key"), "\(error)")
        }
    }

    // MARK: limits

    func testDepthLimitAllowsExactlyMaxDepthLevels() throws {
        let limited = JSONParser(maxDepth: 5)
        let fiveDeep = String(repeating: "[", count: 5) + String(repeating: "]", count: 5)
        XCTAssertEqual(try limited.parse(fiveDeep), [[[[[]]]]])
        let sixDeep = String(repeating: "[", count: 6) + String(repeating: "]", count: 6)
        XCTAssertThrowsError(try limited.parse(sixDeep)) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, 5)
            XCTAssertTrue("\(error)".contains("nesting deeper than 5"), "\(error)")
        }
        let mixed = #"{"a":{"b":[{"c":[[1]]}]}}"#  // six levels
        XCTAssertThrowsError(try limited.parse(mixed))
        XCTAssertNoThrow(try JSONParser(maxDepth: 6).parse(mixed))
    }

    func testDefaultDepthLimitRefusesHostileNestingWithoutCrashing() {
        let hostile = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try parser.parse(hostile)) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, 64)
        }
    }

    func testStringLimitAppliesToDecodedBytesOfValuesAndKeys() throws {
        let limited = JSONParser(maxStringBytes: 4)
        XCTAssertEqual(try limited.parse(#""abcd""#), "abcd")
        XCTAssertEqual(try limited.parse(#""\u0041\u0042\u0043\u0044""#), "ABCD", "escapes count once decoded")
        let refused: [String] = [#""abcde""#, #""ồồ""#, #"{"abcde":1}"#]
        for document in refused {
            XCTAssertThrowsError(try limited.parse(document), document) { error in
                XCTAssertTrue("\(error)".contains("string longer than 4 bytes"), "\(error)")
            }
        }
    }

    func testInputLimit() {
        let limited = JSONParser(maxInputBytes: 3)
        XCTAssertNoThrow(try limited.parse("123"))
        XCTAssertThrowsError(try limited.parse("1234")) { error in
            XCTAssertTrue("\(error)".contains("more than the 3 allowed"), "\(error)")
        }
    }

    // MARK: exactness and text

    func testBigIntegersStayExact() throws {
        let table: [Int64] = [.max, .min, .max - 1, .min + 1, 9_007_199_254_740_993, -9_007_199_254_740_993]
        for number in table {
            let parsed = try parser.parse(String(number))
            XCTAssertEqual(parsed, .int(number))
            XCTAssertEqual(JSONWriter.string(parsed), String(number))
        }
    }

    func testVietnameseTextRoundTripsByteForByte() throws {
        let names = ["Nguyễn Thị Thu Hương", "Trần Đức Thắng", "Phường Hoàn Kiếm", "Ủy ban nhân dân xã Ea H'leo"]
        for name in names {
            let document: JSONValue = ["applicant": .string(name)]
            let bytes = JSONWriter.serialize(document)
            XCTAssertTrue(bytes.starts(with: Array(#"{"applicant":""#.utf8)))
            XCTAssertEqual(Array(bytes.dropFirst(14).dropLast(2)), Array(name.utf8), "written raw, not escaped")
            let parsed = try parser.parse(bytes)
            XCTAssertEqual(parsed, document)
            XCTAssertEqual(Array(parsed["applicant"]!.stringValue!.utf8), Array(name.utf8))
        }
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
