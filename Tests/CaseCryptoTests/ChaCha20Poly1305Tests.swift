import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseCrypto

final class ChaCha20Poly1305Tests: XCTestCase {
    // RFC 8439 §2.8.2.
    private let key = (0x80 ... 0x9f).map { UInt8($0) }
    private let nonce = hexBytes("07 00 00 00 40 41 42 43 44 45 46 47")
    private let additionalData = hexBytes("50 51 52 53 c0 c1 c2 c3 c4 c5 c6 c7")
    private let expectedCiphertext = hexBytes("""
        d3 1a 8d 34 64 8e 60 db 7b 86 af bc 53 ef 7e c2
        a4 ad ed 51 29 6e 08 fe a9 e2 b5 a7 36 ee 62 d6
        3d be a4 5e 8c a9 67 12 82 fa fb 69 da 92 72 8b
        1a 71 de 0a 9e 06 0b 29 05 d6 a5 b6 7e cd 3b 36
        92 dd bd 7f 2d 77 8b 8c 98 03 ae e3 28 09 1b 58
        fa b3 24 e4 fa d6 75 94 55 85 80 8b 48 31 d7 bc
        3f f4 de f0 8e 4b 7a 9d e5 76 d2 65 86 ce c6 4b
        61 16
        """)
    private let expectedTag = hexBytes("1a:e1:0b:59:4f:09:e2:6a:7e:90:2e:cb:d0:60:06:91")

    /// RFC 8439 §2.6.2: the one-time Poly1305 key is the first 32 bytes of
    /// keystream block 0.
    func testPoly1305KeyGenerationVector() {
        let block = ChaCha20.keystreamBlock(
            key: key,
            nonce: hexBytes("00 00 00 00 00 01 02 03 04 05 06 07"),
            counter: 0
        )
        XCTAssertEqual(Array(block.prefix(32)), hexBytes("""
            8a d5 a0 8b 90 5f 81 cc 81 50 40 27 4a b2 94 71
            a8 33 b6 37 e3 fd 0d a5 08 db b8 e2 fd d1 a6 46
            """))
    }

    func testSealVector() {
        let sealed = ChaCha20Poly1305.seal(key: key, nonce: nonce, plaintext: sunscreenPlaintext, additionalData: additionalData)
        XCTAssertEqual(sealed.ciphertext, expectedCiphertext)
        XCTAssertEqual(sealed.tag, expectedTag)
    }

    func testOpenReturnsThePlaintextOfTheSealVector() throws {
        let plaintext = try ChaCha20Poly1305.open(
            key: key, nonce: nonce, ciphertext: expectedCiphertext, tag: expectedTag, additionalData: additionalData
        )
        XCTAssertEqual(plaintext, sunscreenPlaintext)
    }

    /// RFC 8439 Appendix A.5: decrypting a message sealed by someone else.
    func testAppendixA5DecryptionVector() throws {
        let plaintext = try ChaCha20Poly1305.open(
            key: hexBytes("""
                1c 92 40 a5 eb 55 d3 8a f3 33 88 86 04 f6 b5 f0
                47 39 17 c1 40 2b 80 09 9d ca 5c bc 20 70 75 c0
                """),
            nonce: hexBytes("00 00 00 00 01 02 03 04 05 06 07 08"),
            ciphertext: hexBytes("""
                64 a0 86 15 75 86 1a f4 60 f0 62 c7 9b e6 43 bd
                5e 80 5c fd 34 5c f3 89 f1 08 67 0a c7 6c 8c b2
                4c 6c fc 18 75 5d 43 ee a0 9e e9 4e 38 2d 26 b0
                bd b7 b7 3c 32 1b 01 00 d4 f0 3b 7f 35 58 94 cf
                33 2f 83 0e 71 0b 97 ce 98 c8 a8 4a bd 0b 94 81
                14 ad 17 6e 00 8d 33 bd 60 f9 82 b1 ff 37 c8 55
                97 97 a0 6e f4 f0 ef 61 c1 86 32 4e 2b 35 06 38
                36 06 90 7b 6a 7c 02 b0 f9 f6 15 7b 53 c8 67 e4
                b9 16 6c 76 7b 80 4d 46 a5 9b 52 16 cd e7 a4 e9
                90 40 c5 a4 04 33 22 5e e2 82 a1 b0 a0 6c 52 3e
                af 45 34 d7 f8 3f a1 15 5b 00 47 71 8c bc 54 6a
                0d 07 2b 04 b3 56 4e ea 1b 42 22 73 f5 48 27 1a
                0b b2 31 60 53 fa 76 99 19 55 eb d6 31 59 43 4e
                ce bb 4e 46 6d ae 5a 10 73 a6 72 76 27 09 7a 10
                49 e6 17 d9 1d 36 10 94 fa 68 f0 ff 77 98 71 30
                30 5b ea ba 2e da 04 df 99 7b 71 4d 6c 6f 2c 29
                a6 ad 5c b4 02 2b 02 70 9b
                """),
            tag: hexBytes("ee ad 9d 67 89 0c bb 22 39 23 36 fe a1 85 1f 38"),
            additionalData: hexBytes("f3 33 88 86 00 00 00 00 00 00 4e 91")
        )
        XCTAssertEqual(
            String(decoding: plaintext, as: UTF8.self),
            "Internet-Drafts are draft documents valid for a maximum of six months and may be updated, "
                + "replaced, or obsoleted by other documents at any time. It is inappropriate to use "
                + "Internet-Drafts as reference material or to cite them other than as /\u{201C}work in progress./\u{201D}"
        )
    }

    func testEveryAlteredCiphertextByteIsRejected() {
        for index in expectedCiphertext.indices {
            var altered = expectedCiphertext
            altered[index] ^= 0x01
            assertRejected(ciphertext: altered, tag: expectedTag, additionalData: additionalData, "ciphertext byte \(index)")
        }
    }

    func testEveryAlteredTagByteIsRejected() {
        for index in expectedTag.indices {
            var altered = expectedTag
            altered[index] ^= 0x80
            assertRejected(ciphertext: expectedCiphertext, tag: altered, additionalData: additionalData, "tag byte \(index)")
        }
    }

    func testAlteredAdditionalDataIsRejected() {
        for index in additionalData.indices {
            var altered = additionalData
            altered[index] ^= 0x01
            assertRejected(ciphertext: expectedCiphertext, tag: expectedTag, additionalData: altered, "additional data byte \(index)")
        }
        assertRejected(ciphertext: expectedCiphertext, tag: expectedTag, additionalData: [], "additional data dropped")
        assertRejected(ciphertext: expectedCiphertext, tag: expectedTag, additionalData: additionalData + [0], "additional data extended")
    }

    func testTruncatedOrExtendedInputsAreRejected() {
        assertRejected(ciphertext: Array(expectedCiphertext.dropLast()), tag: expectedTag, additionalData: additionalData, "ciphertext truncated")
        assertRejected(ciphertext: expectedCiphertext + [0], tag: expectedTag, additionalData: additionalData, "ciphertext extended")
        assertRejected(ciphertext: expectedCiphertext, tag: Array(expectedTag.prefix(15)), additionalData: additionalData, "tag truncated")
        assertRejected(ciphertext: expectedCiphertext, tag: [], additionalData: additionalData, "tag empty")
        assertRejected(ciphertext: expectedCiphertext, tag: expectedTag + [0], additionalData: additionalData, "tag extended")
    }

    func testWrongKeyOrNonceIsRejected() {
        var otherKey = key
        otherKey[0] ^= 0x01
        var otherNonce = nonce
        otherNonce[11] ^= 0x01
        XCTAssertThrowsError(try ChaCha20Poly1305.open(
            key: otherKey, nonce: nonce, ciphertext: expectedCiphertext, tag: expectedTag, additionalData: additionalData
        ))
        XCTAssertThrowsError(try ChaCha20Poly1305.open(
            key: key, nonce: otherNonce, ciphertext: expectedCiphertext, tag: expectedTag, additionalData: additionalData
        ))
    }

    func testRandomMessagesRoundTrip() throws {
        var generator = SplitMix64(seed: 0xAEAD)
        for length in [0, 1, 15, 16, 17, 63, 64, 65, 1000] {
            let key = seededBytes(count: 32, using: &generator)
            let nonce = seededBytes(count: 12, using: &generator)
            let plaintext = seededBytes(count: length, using: &generator)
            let header = seededBytes(count: length % 20, using: &generator)
            let sealed = ChaCha20Poly1305.seal(key: key, nonce: nonce, plaintext: plaintext, additionalData: header)
            XCTAssertEqual(sealed.ciphertext.count, length)
            XCTAssertEqual(sealed.tag.count, ChaCha20Poly1305.tagByteCount)
            let opened = try ChaCha20Poly1305.open(
                key: key, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, additionalData: header
            )
            XCTAssertEqual(opened, plaintext, "\(length) bytes")
        }
    }

    func testFailureExplainsItself() {
        XCTAssertTrue(AuthenticationFailure().description.contains("tag does not match"))
    }

    private func assertRejected(
        ciphertext: [UInt8],
        tag: [UInt8],
        additionalData: [UInt8],
        _ what: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertThrowsError(
            try ChaCha20Poly1305.open(key: key, nonce: nonce, ciphertext: ciphertext, tag: tag, additionalData: additionalData),
            what,
            file: file,
            line: line
        ) { error in
            XCTAssertEqual(error as? AuthenticationFailure, AuthenticationFailure(), what, file: file, line: line)
        }
    }
}
