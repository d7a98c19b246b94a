import XCTest

@testable import CaseCore
@testable import CaseSupport

/// The fast path of `VietnameseText.normalizedMarks` returns text unchanged
/// when every scalar is in the ranges it trusts; these tests hold it to the
/// full path, scalar by scalar and on real Vietnamese text.
final class VietnameseTextFastPathTests: XCTestCase {
    private static let trustedRanges: [ClosedRange<UInt32>] = [0x0000...0x024F, 0x1E00...0x1EFF]

    func testEveryTrustedScalarIsAStarterThatTheFullPathLeavesAlone() {
        var checked = 0
        for range in Self.trustedRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = String(Character(scalar))
                XCTAssertEqual(scalar.properties.canonicalCombiningClass, .notReordered, "U+\(String(value, radix: 16)) is a combining mark")
                XCTAssertTrue(CanonicalText.isCanonicalAsIs(text))
                XCTAssertEqual(
                    VietnameseText.reorderedAndComposed(text).unicodeScalars.map(\.value), [value],
                    "U+\(String(value, radix: 16)) changes under NFC")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 0x250 + 0x100)
    }

    func testTrustedLettersNextToEachOtherDoNotCompose() {
        // Every pair of a Vietnamese letter and another trusted scalar stays as it is.
        let letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
        let others = Self.trustedRanges.flatMap { $0.compactMap(Unicode.Scalar.init) }
        for letter in letters.unicodeScalars {
            for other in others where other.value % 7 == 0 || other.value > 0x1E9F {
                let pair = String(String.UnicodeScalarView([letter, other]))
                XCTAssertEqual(VietnameseText.reorderedAndComposed(pair), pair, "\(letter) + U+\(String(other.value, radix: 16))")
            }
        }
    }

    func testTextOutsideTheTrustedRangesTakesTheFullPath() {
        let decomposed = "Nguye\u{0302}\u{0303}n"  // e + circumflex + tilde: becomes ễ
        XCTAssertFalse(CanonicalText.isCanonicalAsIs(decomposed))
        XCTAssertEqual(VietnameseText.normalizedMarks(decomposed), "Nguyễn")
        let toneBeforeShape = "a\u{0301}\u{0302}"  // acute before circumflex: becomes ấ
        XCTAssertEqual(VietnameseText.normalizedMarks(toneBeforeShape), "ấ")
        XCTAssertEqual(VietnameseText.normalizedMarks("Lê\u{200B}Văn"), "LêVăn", "invisibles are still dropped")
        XCTAssertEqual(VietnameseText.normalizedMarks("\u{212B}"), "\u{00C5}", "the Ångström sign becomes Å")
    }

    func testCanonicalVietnameseIsReturnedAsIs() {
        for text in ["Nguyễn Thị Ánh Tuyết", "Phường Ba Đình", "Ủy ban nhân dân xã Mường Lống", "đủ hồ sơ\nngày 22"] {
            XCTAssertTrue(CanonicalText.isCanonicalAsIs(text), text)
            XCTAssertEqual(VietnameseText.normalizedMarks(text), VietnameseText.reorderedAndComposed(text))
        }
    }

    func testCollapsingFastPathAgreesWithTheFullPath() {
        let cases = [
            "", "a", " a", "a ", "a  b", "a b", "Nguyễn Thị Ánh", "a\tb", "a\nb", "a\u{00A0}b", "a\u{0085}b",
            "Lê \u{0301}Văn", "  ", " ", "đủ hồ sơ", "x\r\ny",
        ]
        for text in cases {
            let fast = VietnameseText.isCollapsedAsIs(text) ? text : VietnameseText.collapsingWhitespaceFully(text)
            XCTAssertEqual(fast, VietnameseText.collapsingWhitespaceFully(text), String(reflecting: text))
        }
        XCTAssertTrue(VietnameseText.isCollapsedAsIs("Nguyễn Thị Ánh Tuyết"))
        XCTAssertFalse(VietnameseText.isCollapsedAsIs("Lê \u{0301}Văn"), "a mark after a space takes the full path")
    }

    func testRandomTrustedTextCollapsesTheSameEitherWay() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("aăâđêôơư ễỹÁ\t\u{00A0}x ".unicodeScalars)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &random)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
            let fast = VietnameseText.isCollapsedAsIs(text) ? text : VietnameseText.collapsingWhitespaceFully(text)
            XCTAssertEqual(fast, VietnameseText.collapsingWhitespaceFully(text), String(reflecting: text))
        }
    }
}

/// `TrustedUTF8` says of every scalar what the scalar ranges say.
final class TrustedUTF8Tests: XCTestCase {
    private func trusted(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer(TrustedUTF8.holdsOnlyTrustedScalars)
    }

    func testEveryScalarOfTheFirstPlanesAndSomeBeyondIsJudgedAsTheRangesSay() {
        let values = Array(UInt32(0)...0x2FFF) + [0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF]
        var checked = 0
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = value < 0x250 || (0x1E00...0x1EFF).contains(value)
            XCTAssertEqual(trusted(String(Character(scalar))), expected, "U+\(String(value, radix: 16))")
            XCTAssertEqual(trusted("ab" + String(Character(scalar)) + "Đặng"), expected, "U+\(String(value, radix: 16)) among trusted text")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0x2F00)
    }

    /// What `CanonicalUTF8` binds as text unchecked must be UTF-8: any ill-formed byte
    /// sequence fails, even one whose lead byte alone looks trusted.
    func testIllFormedUTF8IsNeverTrusted() {
        let illFormed: [[UInt8]] = [
            [0x80], [0x61, 0xBF],  // a stray continuation byte
            [0xC3], [0x61, 0xC3],  // a two-byte lead at the end
            [0xC3, 0x41], [0xC9, 0x41], [0xC9, 0xC0],  // a lead followed by no continuation
            [0xC0, 0x80], [0xC1, 0xBF],  // overlong encodings
            [0xE1, 0xBB], [0xE1, 0xBB, 0x41], [0xE1, 0xBB, 0xC3, 0x80],  // Vietnamese three-byte leads cut short
            [0xF0, 0x9F, 0x98, 0x80], [0xFF],
        ]
        for bytes in illFormed {
            XCTAssertFalse(bytes.withUnsafeBufferPointer(TrustedUTF8.holdsOnlyTrustedScalars), "\(bytes)")
            XCTAssertNil(CanonicalUTF8(checking: bytes), "\(bytes)")
        }
        let vietnamese = Array("Nguyễn Thị Ánh Tuyết".utf8)
        XCTAssertEqual(CanonicalUTF8(checking: vietnamese)?.string, "Nguyễn Thị Ánh Tuyết")
        XCTAssertNil(CanonicalUTF8(checking: Array("Nguye\u{0302}\u{0303}n".utf8)), "valid, but NFC would change it")
    }

    func testAScalarIsJudgedAlikeAtEveryOffsetWithinAndAcrossEightByteWords() {
        let scalars: [(text: String, trusted: Bool)] = [("é", true), ("Ặ", true), ("ɏ", true), ("\u{302}", false), ("ɐ", false), ("😀", false), ("\u{1F00}", false)]
        for (text, expected) in scalars {
            for offset in 0...17 {
                let ascii = String(repeating: "a", count: offset)
                XCTAssertEqual(trusted(ascii + text), expected, "\(text) after \(offset) ASCII bytes, last")
                XCTAssertEqual(trusted(ascii + text + "0123456789abcdef"), expected, "\(text) after \(offset) ASCII bytes, then more")
            }
        }
        XCTAssertTrue(trusted(String(repeating: "{\"key\": 12345678}", count: 40)), "ASCII of any length")
    }

    func testVietnameseTextIsTrustedAndEmptyTextToo() {
        XCTAssertTrue(trusted("Nguyễn Thị Ánh, thôn Đông, xã Phước Long"))
        XCTAssertTrue(trusted(""))
        XCTAssertFalse(trusted("Nguye\u{302}\u{303}n"), "a loose combining mark")
        XCTAssertTrue(CanonicalText.isCanonicalAsIs("Đặng Văn Ổn"))
        XCTAssertFalse(CanonicalText.isCanonicalAsIs("Nguyễn 😀"))
    }
}
