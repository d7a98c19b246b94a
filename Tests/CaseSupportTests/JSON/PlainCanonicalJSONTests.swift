import Foundation
import XCTest

@testable import CaseSupport

/// `PlainCanonicalJSON` vouches only for bytes the general path (parse, then compare with
/// `JSONWriter`) accepts, and reads them as it does; what it cannot vouch for it leaves to it.
final class PlainCanonicalJSONTests: XCTestCase {
    private static let filing: JSONValue = [
        "applicant": ["fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345", "kind": "citizen"],
        "channel": "online", "documents": [["copies": 0, "name": "Tờ khai", "originals": 1]], "feesVND": 50_000,
        "note": nil, "originalDueAtMs": 1_751_330_000_000, "paymentTimeExcluded": true, "timeLimit": -9_223_372_036_854_775_808,
        "empty": ["a": [:], "b": []],
    ]

    func testJSONWritersPlainOutputIsIndexedAndReadsAsTheParserReadsIt() throws {
        for value in [Self.filing, [:], ["": ""], ["a": [1, [2, [3]], nil, false, "ồ😀"]]] as [JSONValue] {
            let bytes = JSONWriter.serialize(value)
            let plain = try XCTUnwrap(PlainCanonicalJSON(bytes), JSONWriter.string(value))
            XCTAssertEqual(plain.root.value, value)
            XCTAssertEqual(plain.root.value, try JSONParser().parse(bytes))
        }
    }

    func testTheElementsReadAsTheTreesValuesDo() throws {
        let root = try XCTUnwrap(PlainCanonicalJSON(JSONWriter.serialize(Self.filing))).root
        XCTAssertEqual(root.keys, Self.filing.objectValue?.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for key in root.keys ?? [] {
            let element = try XCTUnwrap(root.member(key))
            let value = try XCTUnwrap(Self.filing[key])
            XCTAssertEqual(element.typeName, value.typeName, key)
            XCTAssertEqual(element.stringValue, value.stringValue, key)
            XCTAssertEqual(element.int64Value, value.int64Value, key)
            XCTAssertEqual(element.boolValue, value.boolValue, key)
            XCTAssertEqual(element.isNull, value.isNull, key)
            XCTAssertEqual(element.elements?.map(\.value), value.arrayValue, key)
        }
        XCTAssertNil(root.member("absent"))
        XCTAssertNil(root.member("applicant")?.member("kin"))
        XCTAssertEqual(root.member("applicant")?.member("kind")?.stringValue, "citizen")
    }

    /// Valid JSON, some of it even canonical, that the index leaves to the general path.
    func testWhatIsNotPlainCanonicalIsLeftToTheParser() {
        let refused = [
            #"{"a": 1}"#, #" {"a":1}"#, #"{"a":1} "#, #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{"a":"x\ny"}"#,
            #"{"a":"\u00e9"}"#, #"{"é":1}"#, #"{"a":-0}"#, #"{"a":1.5}"#, #"{"a":1e2}"#, #"{"a":10000000000000000000}"#,
            #"{"a":[1,]}"#, #"{"a":1,}"#, #"{"a":01}"#, #"{"a":tru}"#, #"{"a":"b"#, "\u{FEFF}{}", "",
        ]
        for text in refused { XCTAssertNil(PlainCanonicalJSON(Array(text.utf8)), text) }
        XCTAssertNil(PlainCanonicalJSON([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D]), "overlong UTF-8")
        XCTAssertNil(PlainCanonicalJSON([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0x01, 0x22, 0x7D]), "a raw control byte")
    }

    func testTheParsersLimitsHold() {
        let deep = Array((String(repeating: "[", count: 3) + String(repeating: "]", count: 3)).utf8)
        XCTAssertNotNil(PlainCanonicalJSON(deep, limits: JSONParser(maxDepth: 3)))
        XCTAssertNil(PlainCanonicalJSON(deep, limits: JSONParser(maxDepth: 2)))
        let string = Array(#"{"a":"abcd"}"#.utf8)
        XCTAssertNotNil(PlainCanonicalJSON(string, limits: JSONParser(maxStringBytes: 4)))
        XCTAssertNil(PlainCanonicalJSON(string, limits: JSONParser(maxStringBytes: 3)))
        XCTAssertNil(PlainCanonicalJSON(string, limits: JSONParser(maxInputBytes: string.count - 1)))
    }

    /// The fuzz corpus's JSON bodies, made canonical, then mutated byte by byte: whatever the
    /// index accepts, the parser accepts, `JSONWriter` writes back unchanged, and both read alike.
    func testOnMutatedCorpusBytesTheIndexNeverAcceptsWhatTheGeneralPathRefuses() throws {
        var random = SplitMix64(seed: 0x5EED_15)
        var accepted = 0
        var refused = 0
        for seed in try Self.corpusSeeds() {
            for _ in 0..<400 {
                let bytes = Self.mutated(seed, using: &random)
                guard let plain = PlainCanonicalJSON(bytes) else { refused += 1; continue }
                accepted += 1
                let tree = try JSONParser().parse(bytes)
                XCTAssertEqual(JSONWriter.serialize(tree), bytes, String(decoding: bytes, as: UTF8.self))
                XCTAssertEqual(plain.root.value, tree)
            }
        }
        XCTAssertGreaterThan(accepted, 100, "mutants the index reads, so the comparison means something")
        XCTAssertGreaterThan(refused, 100, "and mutants it leaves to the parser")
    }

    /// Each corpus body, as sent and as `JSONWriter` writes it.
    private static func corpusSeeds() throws -> [[UInt8]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("Tools/fuzz/corpus/json-body")
        var seeds: [[UInt8]] = [JSONWriter.serialize(filing)]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            seeds.append(bytes)
            if let tree = try? JSONParser().parse(bytes) { seeds.append(JSONWriter.serialize(tree)) }
        }
        XCTAssertGreaterThan(seeds.count, 10, "the corpus is where it was")
        return seeds
    }

    /// One or two small edits: a byte dropped, replaced, inserted or duplicated; most keep the document valid JSON.
    private static func mutated(_ seed: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        let alphabet = Array(#" {}[],:"\-0159.eEaé"#.utf8) + [0x00, 0x0A, 0xFF]
        for _ in 0..<Int.random(in: 0...2, using: &random) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes.remove(at: at)
            case 1: bytes[at] = alphabet.randomElement(using: &random)!
            case 2: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
            default: bytes.insert(bytes[at], at: at)
            }
        }
        return bytes
    }
}
