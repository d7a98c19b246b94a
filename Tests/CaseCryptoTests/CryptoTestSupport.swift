@testable import CaseCore
import CaseSupport
@testable import CaseCrypto

/// Bytes spelled in hex, as the RFCs print them: spaces, line breaks and
/// colons between digits are ignored. Malformed hex is a typo in the test
/// itself, so it traps.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = String(text.filter { !$0.isWhitespace && $0 != ":" })
    guard let decoded = Hex.decode(digits) else {
        preconditionFailure("test vector is not hex: \(text)")
    }
    return decoded
}

/// The UTF-8 bytes of `text`.
func utf8Bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// RFC 8439's running example plaintext (§2.4.2, §2.8.2).
let sunscreenPlaintext = utf8Bytes(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
)

/// `bytes` cut into consecutive pieces of random lengths (1…`maxPieceByteCount`).
func randomPieces(of bytes: [UInt8], maxPieceByteCount: Int, using generator: inout SplitMix64) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
        let length = min(Int.random(in: 1 ... maxPieceByteCount, using: &generator), bytes.count - start)
        pieces.append(Array(bytes[start ..< start + length]))
        start += length
    }
    return pieces
}

/// `count` bytes drawn from a seeded generator (reproducible test data, not
/// secrets).
func seededBytes(count: Int, using generator: inout SplitMix64) -> [UInt8] {
    (0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
}
