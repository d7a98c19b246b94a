import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseCrypto

final class SHA256Tests: XCTestCase {
    /// NIST's SHA-256 examples (FIPS 180-2 Appendix B; NIST CSRC "Examples
    /// with Intermediate Values"): one block, two blocks, and the 896-bit
    /// message.
    private let nistVectors: [(message: String, digest: String)] = [
        ("", "e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 649b934c a495991b 7852b855"),
        ("abc", "ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61 d20638b8 e5c02693 0c3e6039 a33ce459 64ff2167 f6ecedd4 19db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a7 78af8380 036ce59e 7b049237 0b249b11 e8f07a51 afac4503 7afee9d1"
        ),
    ]

    func testNISTVectorsOneShot() {
        for vector in nistVectors {
            XCTAssertEqual(SHA256.hash(utf8Bytes(vector.message)), hexBytes(vector.digest), "message \"\(vector.message)\"")
        }
    }

    func testNISTVectorsFedOneByteAtATime() {
        for vector in nistVectors {
            var hasher = SHA256()
            for byte in utf8Bytes(vector.message) {
                hasher.update([byte])
            }
            XCTAssertEqual(hasher.finalize(), hexBytes(vector.digest), "message \"\(vector.message)\"")
        }
    }

    func testOneMillionLettersAFedInOddSizedChunks() {
        let chunkByteCounts = [1, 3, 7, 13, 61, 63, 64, 65, 127, 997, 4099]
        var hasher = SHA256()
        var remaining = 1_000_000
        var step = 0
        while remaining > 0 {
            let count = min(chunkByteCounts[step % chunkByteCounts.count], remaining)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
            remaining -= count
            step += 1
        }
        XCTAssertEqual(
            hasher.finalize(),
            hexBytes("cdc76e5c 9914fb92 81a1c7e2 84d73e67 f1809a48 a497200e 046d39cc c7112cd0")
        )
    }

    /// Lengths around the padding boundaries (55 bytes is the longest that
    /// pads within one block). Expected digests computed with an independent
    /// implementation (Python's hashlib).
    func testPaddingBoundaryLengths() {
        let expectedByLength: [(Int, String)] = [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        ]
        for (length, digest) in expectedByLength {
            let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            XCTAssertEqual(SHA256.hex(SHA256.hash(message)), digest, "\(length) × \"a\"")
        }
    }

    func testStreamingMatchesOneShotForRandomSplits() {
        var generator = SplitMix64(seed: 0x5348_4132_3536)
        for round in 0 ..< 300 {
            let message = seededBytes(count: Int.random(in: 0 ... 700, using: &generator), using: &generator)
            var hasher = SHA256()
            for piece in randomPieces(of: message, maxPieceByteCount: 150, using: &generator) {
                hasher.update(piece)
            }
            XCTAssertEqual(hasher.finalize(), SHA256.hash(message), "round \(round), \(message.count) bytes")
        }
    }

    func testEveryUpdateOverloadGivesTheSameDigest() {
        let text = "Hồ sơ 000.00.12.H29-250101-0001 đã được tiếp nhận."
        let expected = SHA256.hash(utf8Bytes(text))

        var fromUTF8View = SHA256()
        fromUTF8View.update(text.utf8)
        var fromNonContiguousSequence = SHA256()
        fromNonContiguousSequence.update(text.utf8.lazy.map { $0 })
        var fromRawBuffer = SHA256()
        utf8Bytes(text).withUnsafeBytes { fromRawBuffer.update($0) }
        var fromSlice = SHA256()
        let padded = [0xff] + utf8Bytes(text) + [0xff]
        fromSlice.update(padded[1 ..< padded.count - 1])

        XCTAssertEqual(fromUTF8View.finalize(), expected)
        XCTAssertEqual(fromNonContiguousSequence.finalize(), expected)
        XCTAssertEqual(fromRawBuffer.finalize(), expected)
        XCTAssertEqual(fromSlice.finalize(), expected)
    }

    func testNonContiguousSequenceLongerThanABlock() {
        let message = (0 ..< 1_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        hasher.update(message.lazy.map { $0 })
        XCTAssertEqual(hasher.finalize(), SHA256.hash(message))
    }

    func testHexSpellsTheDigestInLowercase() {
        XCTAssertEqual(
            SHA256.hex(SHA256.hash(utf8Bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    /// Measures throughput and prints it; the speed never decides the
    /// outcome (debug builds are far slower than release). The digest is
    /// checked against one computed with Python's hashlib.
    ///
    /// Measured once with the Crypto sources built `-O -wmo` (as
    /// `swift build -c release` does) on this project's 2-core Xeon build
    /// machine: about 230 MB/s for SHA-256 over 64 MiB and 300 MB/s for
    /// ChaCha20-Poly1305 sealing 16 MiB; debug builds reach about 20–30 MB/s.
    func testEightMebibytesDigestAndPrintedThroughput() {
        let message = (0 ..< (8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) }
        let clock = ContinuousClock()
        var digest: [UInt8] = []
        let elapsed = clock.measure { digest = SHA256.hash(message) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("SHA256: 8 MiB in \(elapsed), \(Int(8.0 * 1.048576 / max(seconds, 1e-9))) MB/s (this build configuration)")
        XCTAssertEqual(SHA256.hex(digest), "b1a20dbfdb41edc58871ba0ecb4c43c1fc23721eca821757de7a6ababe8908e9")
    }
}
