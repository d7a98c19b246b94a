import XCTest
@testable import CaseCrypto
import CaseSupport

final class SHA512Tests: XCTestCase {
    /// NIST's SHA-512 examples (FIPS 180-2 Appendix C and the CSRC examples): empty, one
    /// block, the 448-bit message (one block, its padding spilling into none), and the
    /// 896-bit message (two blocks).
    private let nistVectors: [(message: String, digest: String)] = [
        ("", "cf83e1357eefb8bd f1542850d66d8007 d620e4050b5715dc 83f4a921d36ce9ce 47d0d13c5d85f2b0 ff8318d2877eec2f 63b931bd47417a81 a538327af927da3e"),
        ("abc", "ddaf35a193617aba cc417349ae204131 12e6fa4e89a97ea2 0a9eeee64b55d39a 2192992a274fc1a8 36ba3c23a3feebbd 454d4423643ce80e 2a9ac94fa54ca49f"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "204a8fc6dda82f0a 0ced7beb8e08a416 57c16ef468b228a8 279be331a703c335 96fd15c13b1b07f9 aa1d3bea57789ca0 31ad85c7a71dd703 54ec631238ca3445"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "8e959b75dae313da 8cf4f72814fc143f 8f7779c6eb9f7fa1 7299aeadb6889018 501d289e4900f7e4 331b99dec4b5433a c7d329eeb6dd2654 5e96e55b874be909"
        ),
    ]

    func testNISTVectorsOneShot() {
        for vector in nistVectors {
            XCTAssertEqual(SHA512.hash(utf8Bytes(vector.message)), hexBytes(vector.digest), "message \"\(vector.message)\"")
        }
    }

    func testNISTVectorsFedOneByteAtATime() {
        for vector in nistVectors {
            var hasher = SHA512()
            for byte in utf8Bytes(vector.message) { hasher.update([byte]) }
            XCTAssertEqual(hasher.finalize(), hexBytes(vector.digest), "message \"\(vector.message)\"")
        }
    }

    func testOneMillionLettersAFedInOddSizedChunks() {
        let expected = hexBytes(
            "e718483d0ce76964 4e2e42c7bc15b463 8e1f98b13b204428 5632a803afa973eb de0ff244877ea60a 4cb0432ce577c31b eb009c5c2c49aa2e 4eadb217ad8cc09b")
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var random = SplitMix64(seed: 512)
        var hasher = SHA512()
        for piece in randomPieces(of: message, maxPieceByteCount: 300, using: &random) { hasher.update(piece) }
        XCTAssertEqual(hasher.finalize(), expected)
        XCTAssertEqual(SHA512.hash(message), expected)
    }

    /// Every length around the block and padding boundaries, in one call and split in two:
    /// both ways must agree (the split exercises the pending block).
    func testLengthsAroundTheBlockBoundariesAgreeWhateverTheSplit() {
        var random = SplitMix64(seed: 7)
        for length in [0, 1, 110, 111, 112, 113, 127, 128, 129, 239, 240, 255, 256, 257] {
            let message = seededBytes(count: length, using: &random)
            let whole = SHA512.hash(message)
            XCTAssertEqual(whole.count, SHA512.digestByteCount)
            for split in Set([0, length / 3, length / 2, length]) {
                var hasher = SHA512()
                hasher.update(message[..<split])
                hasher.update(message[split...])
                XCTAssertEqual(hasher.finalize(), whole, "length \(length) split at \(split)")
            }
        }
    }
}
