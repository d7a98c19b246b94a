import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseCrypto

final class Poly1305Tests: XCTestCase {
    private struct Vector {
        let name: String
        let key: [UInt8]
        let message: [UInt8]
        let tag: [UInt8]
    }

    private let vectors: [Vector] = [
        Vector(
            name: "RFC 8439 §2.5.2",
            key: hexBytes("""
                85:d6:be:78:57:55:6d:33:7f:44:52:fe:42:d5:06:a8
                01:03:80:8a:fb:0d:b2:fd:4a:bf:f6:af:41:49:f5:1b
                """),
            message: utf8Bytes("Cryptographic Forum Research Group"),
            tag: hexBytes("a8:06:1d:c1:30:51:36:c6:c2:2b:8b:af:0c:01:27:a9")
        ),
        // RFC 8439 Appendix A.3 #5–#11: the carries, wraps and final
        // reductions that a limb implementation can get wrong.
        Vector(
            name: "RFC 8439 A.3 #5 (h ≥ 2^130 after the block)",
            key: hexBytes("02" + String(repeating: "00", count: 31)),
            message: hexBytes(String(repeating: "ff", count: 16)),
            tag: hexBytes("03000000000000000000000000000000")
        ),
        Vector(
            name: "RFC 8439 A.3 #6 (h + s wraps 2^128)",
            key: hexBytes("02" + String(repeating: "00", count: 15) + String(repeating: "ff", count: 16)),
            message: hexBytes("02000000000000000000000000000000"),
            tag: hexBytes("03000000000000000000000000000000")
        ),
        Vector(
            name: "RFC 8439 A.3 #7 (carry from a lower limb into an all-ones limb)",
            key: hexBytes("01" + String(repeating: "00", count: 31)),
            message: hexBytes("""
                ffffffffffffffffffffffffffffffff f0ffffffffffffffffffffffffffffff
                11000000000000000000000000000000
                """),
            tag: hexBytes("05000000000000000000000000000000")
        ),
        Vector(
            name: "RFC 8439 A.3 #8 (result exactly 2^130 − 5)",
            key: hexBytes("01" + String(repeating: "00", count: 31)),
            message: hexBytes("""
                ffffffffffffffffffffffffffffffff fbfefefefefefefefefefefefefefefe
                01010101010101010101010101010101
                """),
            tag: hexBytes("00000000000000000000000000000000")
        ),
        Vector(
            name: "RFC 8439 A.3 #9 (result exactly 2^130 − 6)",
            key: hexBytes("02" + String(repeating: "00", count: 31)),
            message: hexBytes("fdffffffffffffffffffffffffffffff"),
            tag: hexBytes("faffffffffffffffffffffffffffffff")
        ),
        Vector(
            name: "RFC 8439 A.3 #10 (5·H + L reduction with a 131-bit intermediate)",
            key: hexBytes("0100000000000000 0400000000000000" + String(repeating: "00", count: 16)),
            message: hexBytes("""
                e33594d7505e43b9 0000000000000000 3394d7505e4379cd 0100000000000000
                0000000000000000 0000000000000000 0100000000000000 0000000000000000
                """),
            tag: hexBytes("14000000000000005500000000000000")
        ),
        Vector(
            name: "RFC 8439 A.3 #11 (as #10, without the last block)",
            key: hexBytes("0100000000000000 0400000000000000" + String(repeating: "00", count: 16)),
            message: hexBytes("""
                e33594d7505e43b9 0000000000000000 3394d7505e4379cd 0100000000000000
                0000000000000000 0000000000000000
                """),
            tag: hexBytes("13000000000000000000000000000000")
        ),
    ]

    func testPublishedVectors() {
        for vector in vectors {
            XCTAssertEqual(Poly1305.authenticationCode(key: vector.key, message: vector.message), vector.tag, vector.name)
        }
    }

    func testStreamingMatchesOneShotForRandomSplits() {
        var generator = SplitMix64(seed: 0x9017_1305)
        for vector in vectors {
            var authenticator = Poly1305(key: vector.key)
            for piece in randomPieces(of: vector.message, maxPieceByteCount: 20, using: &generator) {
                authenticator.update(piece)
            }
            XCTAssertEqual(authenticator.finalize(), vector.tag, vector.name)
        }
        let key = seededBytes(count: 32, using: &generator)
        for round in 0 ..< 100 {
            let message = seededBytes(count: Int.random(in: 0 ... 300, using: &generator), using: &generator)
            var authenticator = Poly1305(key: key)
            for piece in randomPieces(of: message, maxPieceByteCount: 40, using: &generator) {
                authenticator.update(piece)
            }
            XCTAssertEqual(
                authenticator.finalize(),
                Poly1305.authenticationCode(key: key, message: message),
                "round \(round), \(message.count) bytes"
            )
        }
    }

    /// An accumulator the block step can leave behind (limb 1 just over 26
    /// bits, limbs 2–4 all ones, limb 0 near 2^26): its value is
    /// 2^130 + 4·2^26 − 1, so modulo p it is 2^28 + 4. One carry pass folds
    /// 5 into limb 0 and pushes it past 26 bits; packing that without a
    /// second pass would drop a carry. No published vector reaches it.
    func testFinalReductionCarriesALimbTheFoldPushedPast26Bits() {
        let allOnes: UInt64 = (1 << 26) - 1
        let accumulator = Poly1305Limbs(l0: allOnes, l1: (1 << 26) + 3, l2: allOnes, l3: allOnes, l4: allOnes)
        let (low, high) = accumulator.fullyReduced().low128Bits()
        XCTAssertEqual(low, (1 << 28) + 4)
        XCTAssertEqual(high, 0)
    }

    /// p itself and p + 1 reduce to 0 and 1.
    func testFinalReductionOfPAndPPlusOne() {
        let allOnes: UInt64 = (1 << 26) - 1
        let p = Poly1305Limbs(l0: allOnes - 4, l1: allOnes, l2: allOnes, l3: allOnes, l4: allOnes)
        XCTAssertTrue(p.fullyReduced().low128Bits() == (0, 0))
        let pPlusOne = Poly1305Limbs(l0: allOnes - 3, l1: allOnes, l2: allOnes, l3: allOnes, l4: allOnes)
        XCTAssertTrue(pPlusOne.fullyReduced().low128Bits() == (1, 0))
    }

    func testTrailingZeroByteChangesTheTag() {
        // The 0x01 byte appended to every block makes "m" and "m‖00" differ.
        let key = vectors[0].key
        let message = vectors[0].message
        XCTAssertNotEqual(
            Poly1305.authenticationCode(key: key, message: message),
            Poly1305.authenticationCode(key: key, message: message + [0])
        )
    }
}
