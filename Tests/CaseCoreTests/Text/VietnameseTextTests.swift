import CaseCore
import Foundation
import XCTest

final class VietnameseTextTests: XCTestCase {
    private let names = [
        "Nguyễn Văn Ánh", "Đặng Thị Hồng Nhung", "Trương Ưng Thượng", "Lê Đức Thọ", "Phạm Quỳnh Anh",
        "Huỳnh Tấn Phát", "Thủ tục hành chính 'phi địa giới'", "Trung tâm Phục vụ hành chính công",
        "Ngô Bảo Châu", "Võ Thị Sáu", "Hồ Xuân Hương", "Nguyễn Ngọc Ẩn",
    ]

    func testDecomposedAndComposedInputBecomeOneName() {
        for name in names {
            let composed = name.precomposedStringWithCanonicalMapping
            let decomposed = name.decomposedStringWithCanonicalMapping
            XCTAssertNotEqual(Array(composed.unicodeScalars), Array(decomposed.unicodeScalars), "test input must differ: \(name)")
            let fromComposed = VietnameseText.normalized(composed)
            let fromDecomposed = VietnameseText.normalized(decomposed)
            XCTAssertEqual(Array(fromComposed.unicodeScalars), Array(fromDecomposed.unicodeScalars), name)
            XCTAssertEqual(Array(fromDecomposed.unicodeScalars), Array(composed.unicodeScalars), "result is NFC: \(name)")
            XCTAssertFalse(fromDecomposed.unicodeScalars.contains { $0.properties.canonicalCombiningClass != .notReordered },
                           "every mark precomposed: \(name)")
            // Same bytes, so the same hash in a replication digest.
            XCTAssertEqual(Data(fromComposed.utf8), Data(fromDecomposed.utf8))
        }
    }

    func testMarksInNonCanonicalOrderArePrecomposed() {
        let cases: [(input: String, expected: String, why: String)] = [
            ("a\u{301}\u{302}", "ấ", "tone before circumflex (same combining class)"),
            ("a\u{302}\u{301}", "ấ", "circumflex then tone"),
            ("e\u{323}\u{302}", "ệ", "dot below then circumflex"),
            ("e\u{302}\u{323}", "ệ", "circumflex then dot below: canonical reordering"),
            ("o\u{300}\u{31B}", "ờ", "tone before horn: canonical reordering"),
            ("u\u{303}\u{31B}", "ữ", "tilde before horn"),
            ("a\u{303}\u{306}", "ẵ", "tilde before breve"),
            ("A\u{309}\u{306}", "Ẳ", "upper case, hook before breve"),
            ("Nguye\u{303}\u{302}n Va\u{306}n A\u{301}nh", "Nguyễn Văn Ánh", "a whole name typed tone-first"),
            ("\u{1EA1}\u{302}", "ậ", "precomposed ạ plus a loose circumflex"),
            ("\u{00E1}\u{302}", "ấ", "precomposed á plus a loose circumflex"),
        ]
        for testCase in cases {
            let result = VietnameseText.normalized(testCase.input)
            XCTAssertEqual(Array(result.unicodeScalars), Array(testCase.expected.unicodeScalars), testCase.why)
        }
    }

    func testSeedStyleStackedTonesAreKeptInOneCanonicalForm() {
        // Seed 002 has vowels carrying two tone marks ("rã̀", "cã́c", "vị̉", "mí̀nh"). Which tone was
        // meant is unknowable, so both are kept; every spelling of the same marks still
        // normalises to the same string.
        let stacked = ["r\u{E3}\u{300}", "c\u{E3}\u{301}c", "v\u{1ECB}\u{309}", "m\u{ED}\u{300}nh"]
        for word in stacked {
            let fromComposed = VietnameseText.normalized(word)
            let fromDecomposed = VietnameseText.normalized(word.decomposedStringWithCanonicalMapping)
            XCTAssertEqual(Array(fromComposed.unicodeScalars), Array(fromDecomposed.unicodeScalars), word)
            XCTAssertEqual(Array(fromComposed.unicodeScalars), Array(word.unicodeScalars), "nothing dropped: \(word)")
        }
        // Scrambled but single-toned seed words are already NFC and stay exactly as they are.
        let scrambled = "Thúc đẩỳ gịảí qúỵết thủ tục hành chính 'phĩ địâ gịớị'"
        XCTAssertEqual(VietnameseText.normalized(scrambled.decomposedStringWithCanonicalMapping), scrambled)
    }

    func testWhitespaceIsTrimmedAndCollapsed() {
        let cases: [(String, String)] = [
            ("  Nguyễn   Văn\tÁnh \n", "Nguyễn Văn Ánh"),
            ("Nguyễn\u{00A0}Văn\u{2003}Ánh", "Nguyễn Văn Ánh"),  // no-break and em space
            ("Nguyễn\r\nVăn Ánh", "Nguyễn Văn Ánh"),
            ("\u{FEFF}Nguyễn\u{200B} Văn Ánh", "Nguyễn Văn Ánh"),  // BOM and zero-width space
            ("", ""),
            (" \t\n ", ""),
            ("Ánh", "Ánh"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(VietnameseText.normalized(input), expected, input.debugDescription)
        }
        XCTAssertEqual(VietnameseText.normalizedMarks("Dòng 1\n  Dòng 2".decomposedStringWithCanonicalMapping), "Dòng 1\n  Dòng 2")
    }

    func testNormalisationIsIdempotent() {
        for name in names + ["a\u{301}\u{302}  b", " x\u{303}\u{306} "] {
            let once = VietnameseText.normalized(name)
            XCTAssertEqual(VietnameseText.normalized(once), once, name)
        }
    }

    func testSearchKeys() {
        let cases: [(String, String)] = [
            ("Nguyễn Văn Ánh", "nguyen van anh"),
            ("Đặng", "dang"),
            ("đặng", "dang"),
            ("ĐẶNG THỊ HỒNG NHUNG", "dang thi hong nhung"),
            ("Trương Ưng Thượng", "truong ung thuong"),
            ("  Lê   Đức  Thọ ", "le duc tho"),
            ("Nguye\u{303}\u{302}n Va\u{306}n A\u{301}nh", "nguyen van anh"),
            ("Phạm Quỳnh Anh", "pham quynh anh"),
            ("nguyen van anh", "nguyen van anh"),
            ("", ""),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(VietnameseText.searchKey(input), expected, input)
            XCTAssertEqual(VietnameseText.searchKey(input.decomposedStringWithCanonicalMapping), expected, "NFD \(input)")
        }
        XCTAssertTrue(VietnameseText.searchKey("Nguyễn Văn Ánh").contains(VietnameseText.searchKey("van anh")))
    }

    func testGivenNames() {
        let cases: [(String, String)] = [
            ("Nguyễn Văn Ánh", "Ánh"),
            ("Ánh", "Ánh"),
            (" Trần  Hưng  Đạo  ", "Đạo"),
            ("", ""),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(VietnameseText.givenName(input), expected, input)
        }
    }

    func testPeopleSortByGivenNameThenFullName() {
        XCTAssertEqual(VietnameseText.sortKey(fullName: "Nguyễn Văn Ánh"), "anh\u{1}nguyen van anh")
        let people = ["Lê Văn Bình", "Trần Thị An", "Phạm Anh", "Đỗ Đức Dũng", "Nguyễn Văn Ánh", "Hoàng Quốc Đạt", "Bùi Thị Anh"]
        let sorted = people.sorted { VietnameseText.sortKey(fullName: $0) < VietnameseText.sortKey(fullName: $1) }
        XCTAssertEqual(sorted, ["Trần Thị An", "Bùi Thị Anh", "Nguyễn Văn Ánh", "Phạm Anh", "Lê Văn Bình", "Hoàng Quốc Đạt", "Đỗ Đức Dũng"])
    }

    func testNameKeysAreTheSearchKeyAndTheSortKeyOfTheFullName() {
        for name in ["Nguyễn Văn Ánh", "Đỗ Đức Dũng", "Nguye\u{302}\u{303}n  Thị", "An", ""] {
            let keys = NameKeys(fullName: name)
            XCTAssertEqual(keys.search, VietnameseText.searchKey(name), name)
            XCTAssertEqual(keys.sort, VietnameseText.searchKey(VietnameseText.givenName(name)) + "\u{1}" + VietnameseText.searchKey(name), name)
        }
    }
}
