import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseCrypto

final class ChaCha20Tests: XCTestCase {
    private let sequentialKey = (0x00 ... 0x1f).map { UInt8($0) }

    /// RFC 8439 §2.3.2: the serialised block for counter 1.
    func testBlockFunctionVector() {
        let block = ChaCha20.keystreamBlock(
            key: sequentialKey,
            nonce: hexBytes("00:00:00:09:00:00:00:4a:00:00:00:00"),
            counter: 1
        )
        XCTAssertEqual(block, hexBytes("""
            10 f1 e7 e4 d1 3b 59 15 50 0f dd 1f a3 20 71 c4
            c7 d1 f4 c7 33 c0 68 03 04 22 aa 9a c3 d4 6c 4e
            d2 82 64 46 07 9f aa 09 14 c2 d7 05 d9 8b 02 a2
            b5 12 9c d1 de 16 4e b9 cb d0 83 e8 a2 50 3c 4e
            """))
    }

    /// RFC 8439 §2.4.2: the sunscreen text, initial counter 1.
    func testEncryptionVector() {
        let nonce = hexBytes("00:00:00:00:00:00:00:4a:00:00:00:00")
        let expected = hexBytes("""
            6e 2e 35 9a 25 68 f9 80 41 ba 07 28 dd 0d 69 81
            e9 7e 7a ec 1d 43 60 c2 0a 27 af cc fd 9f ae 0b
            f9 1b 65 c5 52 47 33 ab 8f 59 3d ab cd 62 b3 57
            16 39 d6 24 e6 51 52 ab 8f 53 0c 35 9f 08 61 d8
            07 ca 0d bf 50 0d 6a 61 56 a3 8e 08 8a 22 b6 5e
            52 bc 51 4d 16 cc f8 06 81 8c e9 1a b7 79 37 36
            5a f9 0b bf 74 a3 5b e6 b4 0b 8e ed f2 78 5e 42
            87 4d
            """)
        let ciphertext = ChaCha20.xorKeystream(key: sequentialKey, nonce: nonce, initialCounter: 1, bytes: sunscreenPlaintext)
        XCTAssertEqual(ciphertext, expected)
        XCTAssertEqual(
            ChaCha20.xorKeystream(key: sequentialKey, nonce: nonce, initialCounter: 1, bytes: ciphertext),
            sunscreenPlaintext
        )
    }

    func testAMessageSplitAtABlockBoundaryContinuesWithTheNextCounter() {
        var generator = SplitMix64(seed: 0xC4AC_4A20)
        let key = seededBytes(count: 32, using: &generator)
        let nonce = seededBytes(count: 12, using: &generator)
        let message = seededBytes(count: 64 * 5 + 17, using: &generator)
        let whole = ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 7, bytes: message)
        let head = ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 7, bytes: Array(message[..<128]))
        let tail = ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 9, bytes: Array(message[128...]))
        XCTAssertEqual(whole, head + tail)
    }

    func testEveryLengthUpToThreeBlocksRoundTripsAndMatchesTheKeystream() {
        let key = sequentialKey
        let nonce = [UInt8](repeating: 0x5a, count: 12)
        let keystream = ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 0, bytes: [UInt8](repeating: 0, count: 192))
        for length in 0 ... 192 {
            let message = (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
            let ciphertext = ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 0, bytes: message)
            XCTAssertEqual(ciphertext, zip(message, keystream).map { $0 ^ $1 }, "\(length) bytes")
        }
    }

    func testTheLastCounterValueCanBeUsed() {
        let block = ChaCha20.keystreamBlock(key: sequentialKey, nonce: [UInt8](repeating: 0, count: 12), counter: .max)
        XCTAssertEqual(block.count, 64)
        XCTAssertNotEqual(block, ChaCha20.keystreamBlock(key: sequentialKey, nonce: [UInt8](repeating: 0, count: 12), counter: 0))
    }
}
