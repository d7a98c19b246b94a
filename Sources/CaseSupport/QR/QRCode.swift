/// A QR code symbol (ISO/IEC 18004): byte mode, error correction level M, versions 1 to 10,
/// so up to 213 bytes; a pure function of its input.
///
/// Why only these: casestore encodes lookup addresses of well under 100 bytes, printed on
/// paper slips, where level M survives a smudge; a small table is one we can check whole.
public struct QRCode: Sendable, Equatable {
    /// The largest input the supported versions hold (version 10-M).
    public static let maxByteCount = QRVersion.supported.last!.byteCapacity

    public let version: Int
    /// The mask pattern (0–7) the penalty rules chose.
    public let mask: Int
    /// Modules per side: 21 for version 1, 4 more for each version above.
    public let size: Int
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    /// Encodes `bytes`, in the smallest version that holds them, with the best mask.
    public init(bytes: [UInt8]) throws(QRCodeError) {
        guard let version = QRVersion.smallest(holding: bytes.count) else {
            throw QRCodeError.inputTooLong(byteCount: bytes.count, maximum: Self.maxByteCount)
        }
        let codewords = QRCodewords.interleaved(data: QRCodewords.data(bytes, version: version), version: version)
        var unmasked = QRMatrix(version: version)
        unmasked.placeData(codewords)
        let candidates = (0..<8).map { mask in Self.masked(unmasked, mask: mask) }
        let scores = candidates.map(QRPenalty.score)
        let best = scores.indices.min { scores[$0] < scores[$1] }!
        self.version = version.number
        self.mask = best
        self.size = version.size
        self.modules = (0..<version.size * version.size).map { candidates[best][$0 % version.size, $0 / version.size] }
    }

    /// Encodes UTF-8 text (a URL, a code).
    public init(text: String) throws(QRCodeError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Whether the module in column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "module (\(x), \(y)) is outside the \(size)×\(size) symbol")
        return modules[y * size + x]
    }

    private static func masked(_ matrix: QRMatrix, mask: Int) -> QRMatrix {
        var copy = matrix
        copy.applyMask(mask)
        copy.drawFormatBits(QRFormat.formatBits(mask: mask))
        return copy
    }
}

/// Why an input could not be encoded.
public enum QRCodeError: Error, Equatable, CustomStringConvertible {
    case inputTooLong(byteCount: Int, maximum: Int)

    public var description: String {
        switch self {
        case let .inputTooLong(byteCount, maximum):
            return "the QR code holds at most \(maximum) bytes (version 10, level M); the input has \(byteCount)"
        }
    }
}
