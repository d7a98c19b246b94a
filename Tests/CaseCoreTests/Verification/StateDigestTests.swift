import XCTest
@testable import CaseCore

final class StateDigestTests: XCTestCase {
    private func term(_ text: String) -> StateDigest {
        StateDigest.term(forStoredState: Array(text.utf8))
    }

    func testTheSumDoesNotDependOnOrderAndSubtractionUndoesAddition() {
        let terms = ["a", "b", "c", "d"].map(term)
        let forward = terms.reduce(StateDigest.zero) { $0.adding($1) }
        let backward = terms.reversed().reduce(StateDigest.zero) { $0.adding($1) }
        XCTAssertEqual(forward, backward)
        XCTAssertEqual(forward.subtracting(terms[2]).adding(terms[2]), forward)
        XCTAssertEqual(terms[0].subtracting(terms[0]), .zero)
        XCTAssertNotEqual(forward.subtracting(terms[1]).adding(term("b'")), forward, "changing one dossier changes the digest")
    }

    func testCarriesPropagateAcrossLimbsModulo2To256() {
        let allOnes = StateDigest(limbs: [.max, .max, .max, .max])
        XCTAssertEqual(allOnes.adding(StateDigest(limbs: [0, 0, 0, 1])), .zero)
        XCTAssertEqual(StateDigest(limbs: [0, 0, 1, 0]).subtracting(StateDigest(limbs: [0, 0, 0, 1])), StateDigest(limbs: [0, 0, 0, .max]))
    }

    func testHexRoundTripAndTheTermIsSHA256() {
        let digest = term("abc")
        XCTAssertEqual(digest.hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(StateDigest(hex: digest.hex), digest)
        XCTAssertNil(StateDigest(hex: "xyz"))
    }
}
