import CaseCore
import XCTest
@testable import CaseCLI

/// Narrowing a disagreement down to dossiers, against members held in memory.
final class DigestBisectionTests: XCTestCase {
    typealias Members = [String: [String: StateDigest]]
    /// A member lacking the dossier.
    private let absent: StateDigest? = nil

    /// `count` dossiers D-000001… in version 0.
    private static func dossiers(_ count: Int, from first: Int = 1) -> [String: StateDigest] {
        Dictionary(uniqueKeysWithValues: (first..<(first + count)).map { (MemoryDigestSource.code($0), MemoryDigestSource.hash($0)) })
    }

    private static func changing(_ base: [String: StateDigest], _ numbers: [Int]) -> [String: StateDigest] {
        var changed = base
        for number in numbers { changed[MemoryDigestSource.code(number)] = MemoryDigestSource.hash(number, version: 1) }
        return changed
    }

    private static func removing(_ base: [String: StateDigest], _ numbers: [Int]) -> [String: StateDigest] {
        var removed = base
        for number in numbers { removed[MemoryDigestSource.code(number)] = nil }
        return removed
    }

    private func narrow(_ members: Members, limits: DigestBisection.Limits = .init()) throws -> (DigestBisection.Outcome, MemoryDigestSource) {
        let source = MemoryDigestSource(members)
        let ids = members.keys.sorted()
        let summaries = try Dictionary(uniqueKeysWithValues: ids.map { ($0, try source.memberDigest(of: $0).whole) })
        let outcome = try DigestBisection(members: ids, source: source, limits: limits).narrow(summaries: summaries)
        return (outcome, source)
    }

    func testNarrowingFindsExactlyTheDossiersThatDiffer() throws {
        let base = Self.dossiers(5_000)
        let extraFirst = base.merging(["A-000001": MemoryDigestSource.hash(0)]) { $1 }
        let extraLast = base.merging(["Z-999999": MemoryDigestSource.hash(0)]) { $1 }
        let concentrated = base.merging(Self.dossiers(1_500, from: 900_000).mapKeysToSuffix("a", after: "D-0002500")) { $1 }
        let cases: [(name: String, members: Members, expected: [String: [String: StateDigest?]])] = [
            ("all agree", ["n1": base, "n2": base, "n3": base], [:]),
            ("one state changed on one member", ["n1": base, "n2": base, "n3": Self.changing(base, [4_321])],
             [MemoryDigestSource.code(4_321): ["n1": MemoryDigestSource.hash(4_321), "n2": MemoryDigestSource.hash(4_321), "n3": MemoryDigestSource.hash(4_321, version: 1)]]),
            ("one member lacks a dossier", ["n1": base, "n2": Self.removing(base, [1])],
             [MemoryDigestSource.code(1): ["n1": MemoryDigestSource.hash(1), "n2": absent]]),
            ("one member has a dossier before every other code", ["n1": base, "n2": extraFirst],
             ["A-000001": ["n1": absent, "n2": MemoryDigestSource.hash(0)]]),
            ("one member has a dossier after every other code", ["n1": extraLast, "n2": base],
             ["Z-999999": ["n1": MemoryDigestSource.hash(0), "n2": absent]]),
            ("changes far apart on two members", ["n1": Self.changing(base, [2]), "n2": base, "n3": Self.changing(base, [4_999])],
             [MemoryDigestSource.code(2): ["n1": MemoryDigestSource.hash(2, version: 1), "n2": MemoryDigestSource.hash(2), "n3": MemoryDigestSource.hash(2)],
              MemoryDigestSource.code(4_999): ["n1": MemoryDigestSource.hash(4_999), "n2": MemoryDigestSource.hash(4_999), "n3": MemoryDigestSource.hash(4_999, version: 1)]]),
        ]
        for (name, members, expected) in cases {
            let (outcome, source) = try narrow(members)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: outcome.differences.map { ($0.code, $0.hashes) }), expected, name)
            XCTAssertEqual(outcome.differences.map(\.code), outcome.differences.map(\.code).sorted(), "\(name): in code order")
            XCTAssertFalse(outcome.truncated, name)
            XCTAssertEqual(outcome.unexplained, [], name)
            XCTAssertLessThanOrEqual(source.hashesShipped, members.count * 2 * 500, "\(name): never all hashes")
        }
        // Many extra dossiers on one member, all between two codes the other holds: listing
        // must never be asked of a range holding more than the node lists (it would refuse).
        let (outcome, _) = try narrow(["n1": base, "n2": concentrated], limits: .init(maxDifferences: 2_000))
        XCTAssertEqual(outcome.differences.count, 1_500)
        XCTAssertTrue(outcome.differences.allSatisfy { $0.hashes["n1"] == .some(absent) })
    }

    func testAMillionDossiersNarrowWithFewRequestsAndAboutOneScanPerMember() throws {
        let count = 1_000_000
        let codes = (1...count).map(MemoryDigestSource.code)
        let values = (1...count).map { MemoryDigestSource.value($0) }
        var changed = values
        changed[777_776] = MemoryDigestSource.value(777_777, version: 1)
        let source = MemoryDigestSource(members: [
            "n1": .init(codes: codes, values: values), "n2": .init(codes: codes, values: changed), "n3": .init(codes: codes, values: values),
        ])
        let members = ["n1", "n2", "n3"]
        let summaries = try Dictionary(uniqueKeysWithValues: members.map { ($0, try source.memberDigest(of: $0).whole) })
        let outcome = try DigestBisection(members: members, source: source).narrow(summaries: summaries)

        XCTAssertEqual(outcome.differences.map(\.code), [MemoryDigestSource.code(777_777)])
        XCTAssertLessThanOrEqual(source.hashesShipped, 3 * 500, "one list per member")
        XCTAssertLessThanOrEqual(outcome.requests, 5 * (1 + 2 * 16) + 3, "a handful of rounds")
        for (member, rows) in source.rowsScanned {
            // The first whole digest is one scan; narrowing adds about one more (1 + 1/16 + …).
            XCTAssertLessThanOrEqual(rows, count * 2 + count / 8, "\(member) scanned \(rows) rows")
        }
    }

    func testLimitsBoundTheReportAndTheDepth() throws {
        let base = Self.dossiers(600)
        let (truncated, _) = try narrow(["n1": base, "n2": [:]], limits: .init(partsPerRound: 4, listThreshold: 50, maxDifferences: 120))
        XCTAssertEqual(truncated.differences.count, 120, "an empty member: every dossier differs, the first 120 listed")
        XCTAssertTrue(truncated.truncated)
        XCTAssertEqual(truncated.differences.first?.code, MemoryDigestSource.code(1))

        let (shallow, _) = try narrow(
            ["n1": base, "n2": Self.changing(base, [300])], limits: .init(partsPerRound: 2, listThreshold: 10, maxDepth: 2))
        XCTAssertEqual(shallow.differences, [])
        XCTAssertEqual(shallow.unexplained.count, 1, "too deep: the range is reported, not listed")
        XCTAssertTrue(shallow.unexplained[0].contains(MemoryDigestSource.code(300)))
    }

    func testARangeThatDiffersButMatchesWhenListedIsReportedAsChangedMeanwhile() throws {
        let base = Self.dossiers(10)
        let source = MemoryDigestSource(["n1": base, "n2": base])
        let honest = try source.memberDigest(of: "n1").whole
        let stale = RangeDigest(range: .all, count: honest.count, digest: .zero)
        let outcome = try DigestBisection(members: ["n1", "n2"], source: source).narrow(summaries: ["n1": honest, "n2": stale])
        XCTAssertEqual(outcome.differences, [])
        XCTAssertEqual(outcome.unexplained, [.all])
    }

    func testAMemberFailingDuringNarrowingIsNamed() throws {
        let base = Self.dossiers(10)
        let source = MemoryDigestSource(["n1": base, "n2": Self.changing(base, [3])], unreachable: ["n2"])
        let summaries = ["n1": try source.memberDigest(of: "n1").whole, "n2": RangeDigest(range: .all, count: 10, digest: .zero)]
        XCTAssertThrowsError(try DigestBisection(members: ["n1", "n2"], source: source).narrow(summaries: summaries)) { error in
            XCTAssertTrue("\(error)".hasPrefix("n2: "), "\(error)")
        }
    }
}

private extension Dictionary where Key == String, Value == StateDigest {
    /// The same hashes under codes `prefix` + the original code's number + `suffix`: all
    /// sorting right after `prefix` (between two neighbouring codes of the base set).
    func mapKeysToSuffix(_ suffix: String, after prefix: String) -> [String: StateDigest] {
        Dictionary(uniqueKeysWithValues: map { (prefix + $0.key.dropFirst(2) + suffix, $0.value) })
    }
}
