import Foundation
import XCTest
@testable import CaseCore
import TestSupport
import CaseSupport

final class TokenSecretTests: XCTestCase {
    /// Seeded, so each test draws different secrets but the domain module needs no system randomness.
    private var random = SplitMix64(seed: 2026)

    private func generate() -> TokenSecret {
        TokenSecret.generate(using: { count in (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) } })
    }

    func testGeneratedTokenParsesBackAndMatchesItsRecordOnly() throws {
        let token = generate()
        XCTAssertTrue(token.text.hasPrefix("cst_\(token.id)_"))
        XCTAssertEqual(token.text.count, TokenSecret.textLength)
        let parsed = try XCTUnwrap(TokenSecret(parsing: "  \(token.text)\n"))
        XCTAssertEqual(parsed.id, token.id)
        let record = TokenSamples.record(id: token.id).withHash(token.hash)
        XCTAssertTrue(parsed.matches(record))
        XCTAssertFalse(generate().matches(record))
        XCTAssertFalse(parsed.matches(TokenSamples.record(id: token.id)), "same id, other secret")
    }

    func testDescriptionHidesTheSecret() {
        let token = generate()
        XCTAssertFalse("\(token)".contains(String(token.text.suffix(64))))
        XCTAssertTrue("\(token)".contains(token.id), "the id is public and helps find the token")
    }

    func testMalformedTextsAreNotTokens() {
        let good = generate().text
        for text in [
            "", "cst_", "Bearer " + good, String(good.dropLast()), good + "0", "cst-" + good.dropFirst(4),
            good.replacingOccurrences(of: "_", with: "-"), "cst_" + String(repeating: "g", count: 16) + String(good.dropFirst(20)),
            good.uppercased(),
        ] {
            XCTAssertNil(TokenSecret(parsing: text), text)
        }
    }
}

extension TokenRecord {
    func withHash(_ hash: [UInt8]) -> TokenRecord {
        var copy = self
        copy.secretHash = hash
        return copy
    }
}
