/// What ISO/IEC 18004 Table 9 says about one version at error correction level M, the only
/// level casestore prints: a torn or smudged paper slip still scans with 15 % of it lost.
struct QRVersion: Sendable {
    let number: Int
    /// Error correction codewords in each block.
    let errorCorrectionPerBlock: Int
    /// The blocks' data codeword counts: group 1's blocks, then group 2's (one more each).
    let blockDataCounts: [Int]
    /// Centres of the alignment patterns on each axis (Annex E).
    let alignmentCentres: [Int]

    var size: Int { 17 + 4 * number }
    var dataCodewords: Int { blockDataCounts.reduce(0, +) }
    /// Byte mode's character count indicator: 8 bits up to version 9, 16 from version 10.
    var countIndicatorBits: Int { number <= 9 ? 8 : 16 }
    /// The most bytes byte mode holds: data bits less the mode and count indicators.
    var byteCapacity: Int { (dataCodewords * 8 - 4 - countIndicatorBits) / 8 }

    static let supported: [QRVersion] = [
        QRVersion(number: 1, errorCorrectionPerBlock: 10, blockDataCounts: [16], alignmentCentres: []),
        QRVersion(number: 2, errorCorrectionPerBlock: 16, blockDataCounts: [28], alignmentCentres: [6, 18]),
        QRVersion(number: 3, errorCorrectionPerBlock: 26, blockDataCounts: [44], alignmentCentres: [6, 22]),
        QRVersion(number: 4, errorCorrectionPerBlock: 18, blockDataCounts: [32, 32], alignmentCentres: [6, 26]),
        QRVersion(number: 5, errorCorrectionPerBlock: 24, blockDataCounts: [43, 43], alignmentCentres: [6, 30]),
        QRVersion(number: 6, errorCorrectionPerBlock: 16, blockDataCounts: [27, 27, 27, 27], alignmentCentres: [6, 34]),
        QRVersion(number: 7, errorCorrectionPerBlock: 18, blockDataCounts: [31, 31, 31, 31], alignmentCentres: [6, 22, 38]),
        QRVersion(number: 8, errorCorrectionPerBlock: 22, blockDataCounts: [38, 38, 39, 39], alignmentCentres: [6, 24, 42]),
        QRVersion(number: 9, errorCorrectionPerBlock: 22, blockDataCounts: [36, 36, 36, 37, 37], alignmentCentres: [6, 26, 46]),
        QRVersion(number: 10, errorCorrectionPerBlock: 26, blockDataCounts: [43, 43, 43, 43, 44], alignmentCentres: [6, 28, 50]),
    ]

    /// The smallest supported version that holds `byteCount` bytes, or nil when none does.
    static func smallest(holding byteCount: Int) -> QRVersion? {
        supported.first { $0.byteCapacity >= byteCount }
    }
}
