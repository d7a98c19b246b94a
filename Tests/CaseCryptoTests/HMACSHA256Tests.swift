import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseCrypto

final class HMACSHA256Tests: XCTestCase {
    private struct Vector {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        /// The published HMAC-SHA-256; shorter than 32 bytes when the RFC
        /// truncates it (test case 5).
        let mac: [UInt8]
    }

    /// RFC 4231 §4.2–4.8, test cases 1–7.
    private let rfc4231Vectors: [Vector] = [
        Vector(
            name: "RFC 4231 test case 1",
            key: [UInt8](repeating: 0x0b, count: 20),
            data: utf8Bytes("Hi There"),
            mac: hexBytes("b0344c61d8db38535ca8afceaf0bf12b 881dc200c9833da726e9376c2e32cff7")
        ),
        Vector(
            name: "RFC 4231 test case 2 (key shorter than the output)",
            key: utf8Bytes("Jefe"),
            data: utf8Bytes("what do ya want for nothing?"),
            mac: hexBytes("5bdcc146bf60754e6a042426089575c7 5a003f089d2739839dec58b964ec3843")
        ),
        Vector(
            name: "RFC 4231 test case 3",
            key: [UInt8](repeating: 0xaa, count: 20),
            data: [UInt8](repeating: 0xdd, count: 50),
            mac: hexBytes("773ea91e36800e46854db8ebd09181a7 2959098b3ef8c122d9635514ced565fe")
        ),
        Vector(
            name: "RFC 4231 test case 4",
            key: hexBytes("0102030405060708090a0b0c0d0e0f10111213141516171819"),
            data: [UInt8](repeating: 0xcd, count: 50),
            mac: hexBytes("82558a389a443c0ea4cc819899f2083a 85f0faa3e578f8077a2e3ff46729665b")
        ),
        Vector(
            name: "RFC 4231 test case 5 (truncated to 128 bits)",
            key: [UInt8](repeating: 0x0c, count: 20),
            data: utf8Bytes("Test With Truncation"),
            mac: hexBytes("a3b6167473100ee06e0c796c2955552b")
        ),
        Vector(
            name: "RFC 4231 test case 6 (131-byte key, hashed first)",
            key: [UInt8](repeating: 0xaa, count: 131),
            data: utf8Bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
            mac: hexBytes("60e431591ee0b67f0d8a26aacbf5b77f 8e0bc6213728c5140546040f0ee37f54")
        ),
        Vector(
            name: "RFC 4231 test case 7 (131-byte key, data longer than a block)",
            key: [UInt8](repeating: 0xaa, count: 131),
            data: utf8Bytes(
                "This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm."
            ),
            mac: hexBytes("9b09ffa71b942fcb27635fbcd5b0e944 bfdc63644f0713938a7f51535c3a35e2")
        ),
    ]

    func testRFC4231Vectors() {
        for vector in rfc4231Vectors {
            let code = HMACSHA256.authenticationCode(key: vector.key, message: vector.data)
            XCTAssertEqual(code.count, HMACSHA256.authenticationCodeByteCount, vector.name)
            XCTAssertEqual(Array(code.prefix(vector.mac.count)), vector.mac, vector.name)
        }
    }

    func testStreamingMatchesOneShotForRandomSplits() {
        var generator = SplitMix64(seed: 0x484D_4143)
        for vector in rfc4231Vectors {
            var mac = HMACSHA256(key: vector.key)
            for piece in randomPieces(of: vector.data, maxPieceByteCount: 9, using: &generator) {
                mac.update(piece)
            }
            XCTAssertEqual(Array(mac.finalize().prefix(vector.mac.count)), vector.mac, vector.name)
        }
    }

    func testKeyOfExactlyOneBlockIsUsedAsIsAndDiffersFromItsHash() {
        let blockKey = [UInt8](repeating: 0x42, count: SHA256.blockByteCount)
        let message = utf8Bytes("nonce")
        // A 64-byte key is not hashed; a 65-byte key is: they must not collide
        // with the MAC under the hash of the key.
        XCTAssertNotEqual(
            HMACSHA256.authenticationCode(key: blockKey, message: message),
            HMACSHA256.authenticationCode(key: SHA256.hash(blockKey), message: message)
        )
        let longKey = blockKey + [0x42]
        XCTAssertEqual(
            HMACSHA256.authenticationCode(key: longKey, message: message),
            HMACSHA256.authenticationCode(key: SHA256.hash(longKey), message: message)
        )
    }

    func testValidationAcceptsOnlyTheExactCode() {
        let vector = rfc4231Vectors[1]
        let code = HMACSHA256.authenticationCode(key: vector.key, message: vector.data)
        XCTAssertTrue(HMACSHA256.isValidAuthenticationCode(code, key: vector.key, message: vector.data))

        var flipped = code
        flipped[31] ^= 0x01
        XCTAssertFalse(HMACSHA256.isValidAuthenticationCode(flipped, key: vector.key, message: vector.data))
        XCTAssertFalse(HMACSHA256.isValidAuthenticationCode(Array(code.prefix(16)), key: vector.key, message: vector.data))
        XCTAssertFalse(HMACSHA256.isValidAuthenticationCode(code, key: vector.key, message: vector.data + [0]))
        XCTAssertFalse(HMACSHA256.isValidAuthenticationCode(code, key: utf8Bytes("Jeff"), message: vector.data))
    }
}
