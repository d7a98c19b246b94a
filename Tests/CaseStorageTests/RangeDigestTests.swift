import CaseCore
import XCTest

@testable import CaseStorage

/// Digests by code range, recomputed from the rows: what `GET /v1/digest` serves.
final class RangeDigestTests: XCTestCase {
    private var fixture: StoreFixture!
    private var store: CaseStore!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
        store = try fixture.store("n1")
    }

    override func tearDown() {
        store = nil
        fixture = nil
    }

    /// Files dossiers 1...count (codes in the same order as the numbers).
    private func fileDossiers(_ count: Int) throws -> [String] {
        var factory = EventFactory()
        let codes = (1...count).map(EventFactory.code)
        for code in codes { try store.writeLocal(factory.filed(code, at: "n1")) }
        return codes
    }

    private func parts(_ range: CodeRange, _ parts: Int) throws -> [RangeDigest] {
        try store.read { try $0.digestParts(of: range, parts: parts) }
    }

    private func sum(_ parts: [RangeDigest]) -> (count: Int, digest: StateDigest) {
        parts.reduce((0, StateDigest.zero)) { ($0.count + $1.count, $0.digest.adding($1.digest)) }
    }

    func testPartsCoverTheRangeExactlyWithBalancedCountsAndSumToTheWhole() throws {
        let codes = try fileDossiers(23)
        let whole = try store.maintainedAndRecomputedDigests().maintained
        let cases: [(range: CodeRange, parts: Int, counts: [Int])] = [
            (.all, 1, [23]),
            (.all, 4, [5, 6, 6, 6]),
            (.all, 23, Array(repeating: 1, count: 23)),
            (.all, 64, Array(repeating: 1, count: 23)),
            (CodeRange(from: codes[10], to: nil), 3, [4, 4, 5]),
            (CodeRange(from: nil, to: codes[2]), 5, [1, 1]),
            (CodeRange(from: codes[4], to: codes[9]), 2, [2, 3]),
            (CodeRange(from: "A", to: "B"), 8, [0]),
        ]
        for (range, partCount, counts) in cases {
            let found = try parts(range, partCount)
            XCTAssertEqual(found.map(\.count), counts, "\(range) in \(partCount)")
            XCTAssertEqual(found.first?.range.from, range.from, "\(range)")
            XCTAssertEqual(found.last?.range.to, range.to, "\(range)")
            for (part, next) in zip(found, found.dropFirst()) {
                XCTAssertEqual(part.range.to, next.range.from, "\(range): parts follow each other")
                XCTAssertEqual(next.range.from.flatMap { codes.firstIndex(of: $0) } != nil, true, "boundaries are codes")
            }
            let single = try parts(range, 1)
            XCTAssertEqual(sum(found).count, single[0].count)
            XCTAssertEqual(sum(found).digest, single[0].digest, "\(range): parts sum to the range's digest")
            for part in found {
                let expected = codes.filter(part.range.contains)
                XCTAssertEqual(part.count, expected.count, "\(part.range)")
            }
        }
        XCTAssertEqual(try parts(.all, 1)[0].digest, whole, "untouched rows sum to the maintained digest")
    }

    func testARowChangedBehindTheStoresBackChangesTheRecomputedDigestsButNotTheMaintainedOne() throws {
        let codes = try fileDossiers(5)
        let before = try parts(.all, 5)
        let maintained = try store.maintainedAndRecomputedDigests().maintained
        try rawExecute(store, "UPDATE dossiers SET state = replace(state, 'Ánh', 'Anh') WHERE code = ?", [.text(codes[3])])

        let after = try parts(.all, 5)
        XCTAssertEqual(zip(before, after).map { $0.digest != $1.digest }, [false, false, false, true, false])
        XCTAssertEqual(try store.maintainedAndRecomputedDigests().maintained, maintained)
        XCTAssertNotEqual(sum(after).digest, maintained)
        let hashes = try XCTUnwrap(try store.read { try $0.dossierHashes(in: .all, limit: 10) })
        XCTAssertEqual(hashes.map(\.code), codes)
        let changed = try XCTUnwrap(rawRows(store, "SELECT state FROM dossiers WHERE code = ?", [.text(codes[3])]).first?[0].stringValue)
        XCTAssertEqual(hashes[3].hash, StateDigest.term(forStoredState: Array(changed.utf8)), "the hash of exactly the stored text")
    }

    func testHashListsAreBoundedAndSayWhenARangeHoldsTooMany() throws {
        let codes = try fileDossiers(6)
        XCTAssertNil(try store.read { try $0.dossierHashes(in: .all, limit: 5) }, "six dossiers, five allowed")
        XCTAssertEqual(try store.read { try $0.dossierHashes(in: .all, limit: 6) }?.count, 6)
        let some = try store.read { try $0.dossierHashes(in: CodeRange(from: codes[1], to: codes[3]), limit: 5) }
        XCTAssertEqual(some?.map(\.code), [codes[1], codes[2]])
        XCTAssertEqual(try store.read { try $0.dossierCount(in: CodeRange(from: codes[4], to: nil)) }, 2)
    }

    func testOpenConflictsAreThoseNoSettleNamed() throws {
        var factory = EventFactory()
        let (a, b) = (EventFactory.code(1), EventFactory.code(2))
        for code in [a, b] {
            try store.writeLocal(factory.filed(code, at: "n1"))
            try store.writeLocal(factory.step(.start, on: code, at: "n1"))
            try store.writeLocal(factory.step(.resolve, on: code, at: "n1"))
        }
        // Steps from another centre that came after the resolution: conflicts on both dossiers.
        let late = [factory.step(.requestWithdrawal, on: a, at: "n2"), factory.step(.requestWithdrawal, on: b, at: "n2")]
        _ = try store.write { try $0.applyReplicated(late) }
        try store.writeLocal(factory.step(.settle, on: a, at: "n1", payload: ["events": [.string(late[0].id.description)], "note": "x"]))

        let all = try store.read { try $0.dossiersWithConflicts(openOnly: false, limit: 10, offset: 0) }
        let open = try store.read { try $0.dossiersWithConflicts(openOnly: true, limit: 10, offset: 0) }
        XCTAssertEqual(all.items.map(\.code), [a, b])
        XCTAssertEqual(open.items.map(\.code), [b])
        XCTAssertEqual(open.total, 1)
        XCTAssertEqual(try store.read { try $0.dossiersWithConflicts(openOnly: true, limit: 10, offset: 1) }.items.count, 0)
    }
}
