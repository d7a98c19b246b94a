import XCTest
@testable import CaseCore
@testable import CaseCrypto

final class HKDFSHA256Tests: XCTestCase {
    private struct Vector {
        let name: String
        let inputKeyMaterial: [UInt8]
        let salt: [UInt8]
        let info: [UInt8]
        let pseudoRandomKey: [UInt8]
        let outputKeyMaterial: [UInt8]
    }

    /// RFC 5869 Appendix A.1–A.3 (the SHA-256 cases).
    private let rfc5869Vectors: [Vector] = [
        Vector(
            name: "RFC 5869 A.1 (basic)",
            inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22),
            salt: hexBytes("000102030405060708090a0b0c"),
            info: hexBytes("f0f1f2f3f4f5f6f7f8f9"),
            pseudoRandomKey: hexBytes("077709362c2e32df0ddc3f0dc47bba63 90b6c73bb50f9c3122ec844ad7c2b3e5"),
            outputKeyMaterial: hexBytes("""
                3cb25f25faacd57a90434f64d0362f2a 2d2d0a90cf1a5a4c5db02d56ecc4c5bf
                34007208d5b887185865
                """)
        ),
        Vector(
            name: "RFC 5869 A.2 (longer inputs and outputs)",
            inputKeyMaterial: (0x00 ... 0x4f).map { UInt8($0) },
            salt: (0x60 ... 0xaf).map { UInt8($0) },
            info: (0xb0 ... 0xff).map { UInt8($0) },
            pseudoRandomKey: hexBytes("06a6b88c5853361a06104c9ceb35b45c ef760014904671014a193f40c15fc244"),
            outputKeyMaterial: hexBytes("""
                b11e398dc80327a1c8e7f78c596a4934 4f012eda2d4efad8a050cc4c19afa97c
                59045a99cac7827271cb41c65e590e09 da3275600c2f09b8367793a9aca3db71
                cc30c58179ec3e87c14c01d5c1f3434f 1d87
                """)
        ),
        Vector(
            name: "RFC 5869 A.3 (empty salt and info)",
            inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22),
            salt: [],
            info: [],
            pseudoRandomKey: hexBytes("19ef24a32c717b167f33a91d6f648bdf 96596776afdb6377ac434c1c293ccb04"),
            outputKeyMaterial: hexBytes("""
                8da4e775a563c18f715f802a063c5a31 b8a11f5c5ee1879ec3454e5f3c738d2d
                9d201395faa4b61a96c8
                """)
        ),
    ]

    func testRFC5869Vectors() {
        for vector in rfc5869Vectors {
            let pseudoRandomKey = HKDFSHA256.extract(salt: vector.salt, inputKeyMaterial: vector.inputKeyMaterial)
            XCTAssertEqual(pseudoRandomKey, vector.pseudoRandomKey, "\(vector.name): PRK")
            let expanded = HKDFSHA256.expand(
                pseudoRandomKey: pseudoRandomKey,
                info: vector.info,
                outputByteCount: vector.outputKeyMaterial.count
            )
            XCTAssertEqual(expanded, vector.outputKeyMaterial, "\(vector.name): OKM from expand")
            let derived = HKDFSHA256.deriveKey(
                inputKeyMaterial: vector.inputKeyMaterial,
                salt: vector.salt,
                info: vector.info,
                outputByteCount: vector.outputKeyMaterial.count
            )
            XCTAssertEqual(derived, vector.outputKeyMaterial, "\(vector.name): OKM from deriveKey")
        }
    }

    func testShorterOutputsArePrefixesOfLongerOnesUpToTheMaximum() {
        let vector = rfc5869Vectors[0]
        let longest = HKDFSHA256.expand(
            pseudoRandomKey: vector.pseudoRandomKey,
            info: vector.info,
            outputByteCount: HKDFSHA256.maxOutputByteCount
        )
        XCTAssertEqual(longest.count, 255 * 32)
        XCTAssertEqual(Array(longest.prefix(vector.outputKeyMaterial.count)), vector.outputKeyMaterial)
        for count in [1, 31, 32, 33, 64, 65, 1000] {
            let output = HKDFSHA256.expand(pseudoRandomKey: vector.pseudoRandomKey, info: vector.info, outputByteCount: count)
            XCTAssertEqual(output, Array(longest.prefix(count)), "\(count) bytes")
        }
    }

    func testDifferentInfoGivesIndependentKeys() {
        let secret = [UInt8](repeating: 0x11, count: 32)
        let salt = utf8Bytes("handshake-transcript")
        let clientToServer = HKDFSHA256.deriveKey(inputKeyMaterial: secret, salt: salt, info: utf8Bytes("c2s"), outputByteCount: 32)
        let serverToClient = HKDFSHA256.deriveKey(inputKeyMaterial: secret, salt: salt, info: utf8Bytes("s2c"), outputByteCount: 32)
        XCTAssertNotEqual(clientToServer, serverToClient)
    }
}
