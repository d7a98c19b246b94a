import XCTest
@testable import CaseCrypto

final class PBKDF2HMACSHA256Tests: XCTestCase {
    /// RFC 7914 §11, the two PBKDF2-HMAC-SHA256 test vectors.
    func testRFC7914Vectors() {
        XCTAssertEqual(
            PBKDF2HMACSHA256.deriveKey(password: utf8Bytes("passwd"), salt: utf8Bytes("salt"), iterations: 1, byteCount: 64),
            hexBytes("""
                55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
                49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
                """))
        XCTAssertEqual(
            PBKDF2HMACSHA256.deriveKey(password: utf8Bytes("Password"), salt: utf8Bytes("NaCl"), iterations: 80_000, byteCount: 64),
            hexBytes("""
                4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
                a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
                """))
    }

    /// The widely published PBKDF2-HMAC-SHA256 counterparts of RFC 6070's SHA-1 vectors: a
    /// single block, many iterations, and an output that is not a whole number of blocks.
    func testPublishedRFC6070StyleVectors() {
        XCTAssertEqual(
            PBKDF2HMACSHA256.deriveKey(password: utf8Bytes("password"), salt: utf8Bytes("salt"), iterations: 4_096, byteCount: 32),
            hexBytes("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"))
        XCTAssertEqual(
            PBKDF2HMACSHA256.deriveKey(
                password: utf8Bytes("passwordPASSWORDpassword"), salt: utf8Bytes("saltSALTsaltSALTsaltSALTsaltSALTsalt"),
                iterations: 4_096, byteCount: 40),
            hexBytes("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"))
    }

    func testDifferentSaltsGiveDifferentKeys() {
        let first = PBKDF2HMACSHA256.deriveKey(password: utf8Bytes("123456"), salt: [1], iterations: 2, byteCount: 32)
        let second = PBKDF2HMACSHA256.deriveKey(password: utf8Bytes("123456"), salt: [2], iterations: 2, byteCount: 32)
        XCTAssertNotEqual(first, second)
    }
}
