import XCTest
@testable import CaseSupport

/// The encoder's parts against values published in ISO/IEC 18004 and its tutorials.
final class QRCodeVectorTests: XCTestCase {
    /// Generator polynomials as exponents of α (ISO/IEC 18004 Annex A; thonky.com's table).
    func testGeneratorPolynomialsMatchThePublishedTable() {
        func exponents(_ degree: Int) -> [Int] {
            ReedSolomon.generator(degree: degree).map { GaloisField256.logarithms[Int($0)] }
        }
        XCTAssertEqual(exponents(7), [0, 87, 229, 146, 149, 238, 102, 21])
        XCTAssertEqual(exponents(10), [0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
    }

    /// ISO/IEC 18004 Annex I: "01234567" in version 1-M.
    func testErrorCorrectionOfTheStandardsAnnexExample() {
        let data: [UInt8] = [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17]
        XCTAssertEqual(ReedSolomon.errorCorrection(for: data, count: 10), [165, 36, 212, 193, 237, 54, 199, 135, 44, 85])
    }

    /// thonky.com's QR tutorial: "HELLO WORLD" in version 1-M.
    func testErrorCorrectionOfTheTutorialsHelloWorld() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        XCTAssertEqual(ReedSolomon.errorCorrection(for: data, count: 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    /// The format information strings for level M (ISO/IEC 18004 Table C.1).
    func testFormatBitsMatchTheStandardsTable() {
        let published = [
            "101010000010010", "101000100100101", "101111001111100", "101101101001011",
            "100010111111001", "100000011001110", "100111110010111", "100101010100000",
        ]
        for (mask, bits) in published.enumerated() {
            XCTAssertEqual(QRFormat.formatBits(mask: mask), Int(bits, radix: 2), "mask \(mask)")
        }
    }

    /// The version information strings (ISO/IEC 18004 Table D.1).
    func testVersionBitsMatchTheStandardsTable() {
        XCTAssertEqual(QRFormat.versionBits(7), 0b000111_110010010100)
        XCTAssertEqual(QRFormat.versionBits(8), 0b001000_010110111100)
        XCTAssertEqual(QRFormat.versionBits(9), 0b001001_101010011001)
        XCTAssertEqual(QRFormat.versionBits(10), 0b001010_010011010011)
    }

    /// "A": mode 0100, count 00000001, 01000001, terminator 0000, then the pad bytes.
    func testByteModeBitStreamAndPadding() {
        let codewords = QRCodewords.data([0x41], version: QRVersion.supported[0])
        XCTAssertEqual(codewords, [0x40, 0x14, 0x10, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
    }

    /// Each version's data plus error correction codewords fill its symbol exactly
    /// (ISO/IEC 18004 Table 1: total codewords per version).
    func testVersionTableAddsUpToTheStandardsCodewordTotals() {
        let totals = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
        let capacities = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]
        for (index, version) in QRVersion.supported.enumerated() {
            XCTAssertEqual(version.dataCodewords + version.blockDataCounts.count * version.errorCorrectionPerBlock, totals[index])
            XCTAssertEqual(version.byteCapacity, capacities[index], "version \(version.number)")
        }
    }

    func testBlocksAreInterleavedCodewordByCodeword() {
        let version = QRVersion.supported[7]  // version 8: blocks of 38, 38, 39, 39
        let data = (0..<version.dataCodewords).map { UInt8($0 % 256) }
        let sequence = QRCodewords.interleaved(data: data, version: version)
        XCTAssertEqual(Array(sequence.prefix(8)), [0, 38, 76, 115, 1, 39, 77, 116])
        // The longer blocks' last data codewords come after every block's 38th.
        XCTAssertEqual(Array(sequence[152..<154]), [114, 153])
        XCTAssertEqual(sequence.count, 242)
    }

    func testTheSmallestVersionHoldingTheInputIsChosen() throws {
        XCTAssertEqual(try QRCode(bytes: Array(repeating: 0x61, count: 14)).version, 1)
        XCTAssertEqual(try QRCode(bytes: Array(repeating: 0x61, count: 15)).version, 2)
        XCTAssertEqual(try QRCode(bytes: Array(repeating: 0x61, count: 213)).version, 10)
        XCTAssertEqual(try QRCode(bytes: []).size, 21)
    }

    func testInputBeyondVersion10IsRefusedWithTheLimit() {
        XCTAssertThrowsError(try QRCode(bytes: Array(repeating: 0x61, count: 214))) { error in
            XCTAssertEqual(error as? QRCodeError, .inputTooLong(byteCount: 214, maximum: 213))
            XCTAssertTrue("\(error)".contains("at most 213 bytes"))
        }
    }

    /// The mask kept is the one the penalty rules score lowest, and every symbol carries
    /// its finders and timing pattern where the standard puts them.
    func testChosenMaskHasTheLowestPenaltyAndFunctionPatternsAreInPlace() throws {
        let code = try QRCode(text: "https://example.vn/tra-cuu?ma=000.00.12.H56-250701-0042")
        let version = QRVersion.supported[code.version - 1]
        var unmasked = QRMatrix(version: version)
        unmasked.placeData(QRCodewords.interleaved(data: QRCodewords.data(Array("https://example.vn/tra-cuu?ma=000.00.12.H56-250701-0042".utf8), version: version), version: version))
        let scores = (0..<8).map { mask -> Int in
            var candidate = unmasked
            candidate.applyMask(mask)
            candidate.drawFormatBits(QRFormat.formatBits(mask: mask))
            return QRPenalty.score(candidate)
        }
        XCTAssertEqual(scores[code.mask], scores.min())
        for corner in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            XCTAssertTrue(code[corner.0, corner.1] && code[corner.0 + 6, corner.1 + 6] && code[corner.0 + 3, corner.1 + 3])
            XCTAssertFalse(code[corner.0 + 1, corner.1 + 1])
        }
        XCTAssertTrue((8..<code.size - 8).allSatisfy { code[$0, 6] == ($0 % 2 == 0) && code[6, $0] == ($0 % 2 == 0) })
        XCTAssertTrue(code[8, code.size - 8], "the dark module")
    }

    /// Each penalty rule of ISO/IEC 18004 §7.8.3 on grids small enough to count by hand.
    func testPenaltyRulesScoreHandMadeGrids() {
        let dark = true, light = false
        // Rule 1: a run of 7 scores 3 + 2; runs under 5 nothing; a line is a row or a column.
        XCTAssertEqual(QRPenalty.runs([Array(repeating: dark, count: 7)]), 5)
        XCTAssertEqual(QRPenalty.runs([[dark, dark, dark, dark, light, light, light, light]]), 0)
        XCTAssertEqual(QRPenalty.runs([[light, light, light, light, light, dark, dark, dark, dark, dark, dark]]), 3 + 4)
        // Rule 2: 3×3 of one colour holds four overlapping 2×2 blocks.
        XCTAssertEqual(QRPenalty.blocks(Array(repeating: Array(repeating: light, count: 3), count: 3)), 12)
        XCTAssertEqual(QRPenalty.blocks([[dark, light], [light, dark]]), 0)
        // Rule 3: 1:1:3:1:1 with four light modules after it, or before it (the edge is light).
        let finder = [dark, light, dark, dark, dark, light, dark]
        XCTAssertEqual(QRPenalty.finderLikePatterns([finder + [light, light, light, light]]), 40)
        XCTAssertEqual(QRPenalty.finderLikePatterns([[dark, dark, dark, dark] + finder + [dark, dark, dark, dark]]), 0)
        XCTAssertEqual(QRPenalty.finderLikePatterns([finder + [dark]]), 40, "nothing before it: the quiet zone is light")
        // Rule 4: 60 % dark is two full 5 % steps from half (20); 55 % one (10); 54 % none.
        func grid(darkCount: Int) -> [[Bool]] {
            (0..<10).map { y in (0..<10).map { x in y * 10 + x < darkCount } }
        }
        XCTAssertEqual(QRPenalty.balance(grid(darkCount: 60)), 20)
        XCTAssertEqual(QRPenalty.balance(grid(darkCount: 55)), 10)
        XCTAssertEqual(QRPenalty.balance(grid(darkCount: 54)), 0)
        XCTAssertEqual(QRPenalty.balance(grid(darkCount: 40)), 20)
        // The total adds the four over rows and columns.
        let row = [dark, dark, dark, dark, dark]
        XCTAssertEqual(QRPenalty.score(rows: [row]), 3 + 0 + 0 + 100, "a run of five; all dark is 50 % from half")
    }
}
