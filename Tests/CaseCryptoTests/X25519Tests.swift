import XCTest
@testable import CaseCrypto

final class X25519Tests: XCTestCase {
    /// RFC 7748 §5.2's two single-call vectors (the second u has its top bit set, which
    /// X25519 must ignore).
    func testRFC7748SingleCallVectors() {
        let vectors: [(scalar: String, u: String, output: String)] = [
            (
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"
            ),
            (
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"
            ),
        ]
        for vector in vectors {
            XCTAssertEqual(
                X25519.scalarMultiply(scalar: hexBytes(vector.scalar), uCoordinate: hexBytes(vector.u)),
                hexBytes(vector.output))
        }
    }

    /// RFC 7748 §5.2's iterated vector after 1 and 1,000 iterations. The 1,000,000-iteration
    /// value is left out: it takes far too long in a debug build.
    func testRFC7748IteratedVector() {
        var k = [UInt8](repeating: 0, count: 32)
        k[0] = 9
        var u = k
        for iteration in 1 ... 1000 {
            (k, u) = (X25519.scalarMultiply(scalar: k, uCoordinate: u), k)
            if iteration == 1 {
                XCTAssertEqual(k, hexBytes("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"))
            }
        }
        XCTAssertEqual(k, hexBytes("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"))
    }

    /// RFC 7748 §6.1: Alice's and Bob's key pairs and their shared secret.
    func testRFC7748DiffieHellman() {
        let alicePrivate = hexBytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        let bobPrivate = hexBytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
        let alicePublic = X25519.publicKey(privateKey: alicePrivate)
        let bobPublic = X25519.publicKey(privateKey: bobPrivate)
        XCTAssertEqual(alicePublic, hexBytes("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))
        XCTAssertEqual(bobPublic, hexBytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        let shared = hexBytes("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        XCTAssertEqual(X25519.scalarMultiply(scalar: alicePrivate, uCoordinate: bobPublic), shared)
        XCTAssertEqual(X25519.scalarMultiply(scalar: bobPrivate, uCoordinate: alicePublic), shared)
    }
}
