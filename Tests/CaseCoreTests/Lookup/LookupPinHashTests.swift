import CaseCore
import XCTest

final class LookupPinHashTests: XCTestCase {
    private let pin = LookupPin(parsing: "123456")!
    private var counter: UInt8 = 0

    /// Distinct bytes on each call, standing in for the secure random source.
    private func bytes(_ count: Int) -> [UInt8] {
        counter &+= 1
        return (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ counter }
    }

    func testAHashVerifiesItsPinOnly() {
        let hash = LookupPinHash.make(pin, using: bytes)
        XCTAssertTrue(hash.verifies(pin))
        XCTAssertFalse(hash.verifies(LookupPin(parsing: "123457")!))
        XCTAssertEqual(hash.iterations, LookupPinHash.defaultIterations)
        XCTAssertEqual(hash.salt.count, 16)
    }

    func testEachHashHasItsOwnSalt() {
        let first = LookupPinHash.make(pin, using: bytes), second = LookupPinHash.make(pin, using: bytes)
        XCTAssertNotEqual(first.salt, second.salt)
        XCTAssertNotEqual(first.hash, second.hash, "one PIN on two dossiers hashes differently")
    }

    func testTheEncodingRoundTripsAndNamesItsScheme() throws {
        let hash = LookupPinHash.make(pin, using: bytes)
        XCTAssertTrue(hash.encoded.hasPrefix("pbkdf2-sha256$2000$"))
        let read = try XCTUnwrap(LookupPinHash(encoded: hash.encoded))
        XCTAssertEqual(read, hash)
        XCTAssertTrue(read.verifies(pin))
    }

    /// PBKDF2-HMAC-SHA256("123456", salt 00…0f, 5,000 iterations), computed independently
    /// (Python's hashlib.pbkdf2_hmac): a hash written by another implementation verifies.
    func testAHashMadeElsewhereVerifies() throws {
        let encoded = "pbkdf2-sha256$5000$000102030405060708090a0b0c0d0e0f$667769dc9a2a6cb02d6b7499b60254d073e5d250648304e02627dc2a9b6023de"
        let hash = try XCTUnwrap(LookupPinHash(encoded: encoded))
        XCTAssertTrue(hash.verifies(pin))
        XCTAssertFalse(hash.verifies(LookupPin(parsing: "654321")!))
    }

    /// A hash this version cannot check safely is no hash: its dossier has no PIN, and no
    /// stored value can make one check cost more than `maxIterations`.
    func testUnreadableOrTooCostlyHashesAreRefused() {
        let salt = "000102030405060708090a0b0c0d0e0f", digest = String(repeating: "ab", count: 32)
        let bad = [
            "", "pbkdf2-sha256", "scrypt$2000$\(salt)$\(digest)", "pbkdf2-sha256$0$\(salt)$\(digest)",
            "pbkdf2-sha256$20001$\(salt)$\(digest)", "pbkdf2-sha256$99999999999$\(salt)$\(digest)", "pbkdf2-sha256$-1$\(salt)$\(digest)",
            "pbkdf2-sha256$2000$zz$\(digest)", "pbkdf2-sha256$2000$0001$\(digest)", "pbkdf2-sha256$2000$\(salt)$abcd",
            "pbkdf2-sha256$2000$\(salt)$\(digest)$extra", "pbkdf2-sha256$2000$\(String(repeating: "00", count: 200))$\(digest)",
        ]
        for text in bad { XCTAssertNil(LookupPinHash(encoded: text), text) }
        XCTAssertNotNil(LookupPinHash(encoded: "pbkdf2-sha256$20000$\(salt)$\(digest)"))
    }

    func testTheDecoyCostsWhatARealCheckCostsAndMatchesNoCommonPin() {
        for text in ["000000", "123456", "999999"] { XCTAssertFalse(LookupPinHash.decoy.verifies(LookupPin(parsing: text)!), text) }
        XCTAssertEqual(LookupPinHash.decoy.iterations, LookupPinHash.defaultIterations, "it costs what a real check costs")
    }
}
