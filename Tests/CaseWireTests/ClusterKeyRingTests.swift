import XCTest
@testable import CaseCore
import CaseCrypto
@testable import CaseWire
import CaseSystem

final class ClusterKeyRingTests: XCTestCase {
    private let first = String(repeating: "ab", count: 32)
    private let second = String(repeating: "0F", count: 32)

    func testKeyFilesThatParse() throws {
        let cases: [(name: String, text: String, expectedFirstByte: [UInt8])] = [
            ("one key", first + "\n", [0xab]),
            ("no final newline", first, [0xab]),
            ("comments, blanks, spaces", "# rotated 2025-07\n\n  \(first)  # current\n\t\(second)\n", [0xab, 0x0f]),
            ("CRLF line ends", first + "\r\n" + second + "\r\n", [0xab, 0x0f]),
            ("upper-case digits first", second + "\n" + first, [0x0f, 0xab]),
        ]
        for testCase in cases {
            let ring = try ClusterKeyRing(parsing: testCase.text)
            XCTAssertEqual(ring.keys.map { $0.bytes[0] }, testCase.expectedFirstByte, testCase.name)
            XCTAssertEqual(ring.primary, ring.keys[0], testCase.name)
        }
    }

    func testKeyFilesThatAreRefusedNameTheLineButNeverQuoteIt() {
        let almost = String(first.dropLast())
        let cases: [(name: String, text: String, message: String)] = [
            ("empty", "", "holds no key"),
            ("comments only", "# nothing\n", "holds no key"),
            ("63 digits", almost, "line 1: a key is 64 hexadecimal digits (32 bytes), this line has 63 characters"),
            ("not hex", "# c\n" + almost + "g", "line 2: a key may contain only the hexadecimal digits"),
            ("two keys on a line", first + " " + second, "line 1: a key is 64 hexadecimal digits"),
            ("the same key twice", first + "\n" + first.uppercased(), "line 2: repeats a key already in the file"),
            ("nine keys", (1...9).map { String(repeating: "0", count: 63) + "\($0)" }.joined(separator: "\n"), "line 9: a key file holds at most 8 keys"),
            ("too large", String(repeating: "#", count: ClusterKeyRing.maxFileBytes + 1), "larger than 65536 bytes"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ClusterKeyRing(parsing: testCase.text), testCase.name) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(testCase.message), "\(testCase.name): \(text)")
                XCTAssertFalse(text.contains(almost.prefix(20)), "\(testCase.name): the message quotes key material")
            }
        }
    }

    func testLookupByIdAndTheIdFormat() throws {
        let ring = try ClusterKeyRing(parsing: first + "\n" + second)
        let key = ring.keys[1]
        XCTAssertEqual(ring.key(for: key.id), key)
        XCTAssertNil(ring.key(for: ClusterKey.generate().id))
        // The id is public: SHA-256 over the label and the key, first 8 bytes.
        let expected = Array(SHA256.hash(Array("casestore cluster key id v1".utf8) + key.bytes).prefix(8))
        XCTAssertEqual(key.id.bytes, expected)
        XCTAssertEqual(try ClusterKeyRing(parsing: ring.fileText), ring, "fileText round-trips")
    }

    func testDescriptionsShowIdsNeverSecrets() throws {
        let ring = try ClusterKeyRing(parsing: first)
        for text in ["\(ring)", "\(ring.primary)", String(reflecting: ring.primary.id)] {
            XCTAssertFalse(text.contains(first), text)
            XCTAssertTrue(text.contains(ring.primary.id.description), text)
        }
    }

    func testGeneratedKeysAreFreshAnd32Bytes() {
        let a = ClusterKey.generate()
        let b = ClusterKey.generate()
        XCTAssertEqual(a.bytes.count, 32)
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(a.hexLine.count, 64)
    }
}
