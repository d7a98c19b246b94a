import CaseCore
import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl verify` from known members onwards: who answered, whether they agree, which dossiers
/// differ, the exit reason, and the exact table and JSON it prints.
final class VerificationTests: XCTestCase {
    private static let n1 = ClusterMember(id: "n1", state: "alive", address: "127.0.0.1:7410")
    private static let n2 = ClusterMember(id: "n2", state: "alive", address: "127.0.0.1:7420")
    private static let n3 = ClusterMember(id: "n3", state: "dead", address: "127.0.0.1:7430")
    private static let n4 = ClusterMember(id: "n4", state: "retired", address: "127.0.0.1:7440")

    private static func dossiers(_ numbers: ClosedRange<Int>) -> [String: StateDigest] {
        Dictionary(uniqueKeysWithValues: numbers.map { (MemoryDigestSource.code($0), MemoryDigestSource.hash($0)) })
    }

    func testAgreeingMembersSucceedAndRetiredOnesAreNotCompared() {
        let source = MemoryDigestSource(["n1": Self.dossiers(1...3), "n2": Self.dossiers(1...3)])
        let report = Verification(source: source).run([Self.n1, Self.n2, Self.n4])
        XCTAssertTrue(report.isSuccess)
        XCTAssertNil(report.failureReason)
        XCTAssertNil(report.narrowing, "nothing to narrow")
        XCTAssertEqual(report.members.last?.answer, .skipped("retired: not compared"))
        XCTAssertEqual(VerifyRendering.render(report), """
            Member  Address         State    Dossiers  Digest            Note
            ------  --------------  -------  --------  ----------------  ---------------------
            n1      127.0.0.1:7410  alive           3  00000000005b8db9
            n2      127.0.0.1:7420  alive           3  00000000005b8db9
            n4      127.0.0.1:7440  retired                              retired: not compared

            all 2 members agree (digest 00000000005b8db9, 3 dossiers)
            """)
    }

    func testDifferencesAndUnreachableMembersAreListedAndFail() throws {
        var changed = Self.dossiers(1...3)
        changed[MemoryDigestSource.code(2)] = MemoryDigestSource.hash(2, version: 1)
        changed[MemoryDigestSource.code(3)] = nil
        let source = MemoryDigestSource(["n1": Self.dossiers(1...3), "n2": changed], unreachable: ["n3"])
        let report = Verification(source: source).run([Self.n1, Self.n2, Self.n3])

        XCTAssertFalse(report.isSuccess)
        XCTAssertEqual(report.unreachable.map(\.id), ["n3"])
        XCTAssertEqual(report.narrowing?.differences.map(\.code), [MemoryDigestSource.code(2), MemoryDigestSource.code(3)])
        XCTAssertEqual(report.failureReason, "members disagree on 2 dossiers (first D-0000002); 1 unreachable: n3")
        XCTAssertEqual(VerifyRendering.render(report), """
            Member  Address         State  Dossiers  Digest            Note
            ------  --------------  -----  --------  ----------------  --------------------------------------------------------
            n1      127.0.0.1:7410  alive         3  00000000005b8db9
            n2      127.0.0.1:7420  alive         2  00000000002dc6ea
            n3      127.0.0.1:7430  dead                               unreachable: malformed digest answer: connection refused

            Differing dossiers:
            Code       State hash        Members
            ---------  ----------------  -------
            D-0000002  00000000001e8493  n1
                       00000000001e849a  n2
            D-0000003  00000000002dc6d6  n1
                       absent            n2

            members disagree on 2 dossiers (first D-0000002); 1 unreachable: n3
            """)
        let json = try JSONParser().parse(JSONWriter.string(report.json, pretty: true))
        XCTAssertEqual(json["ok"], false)
        XCTAssertEqual(json["agree"], false)
        XCTAssertEqual(json["differences"]?[1]?["hashes"], ["n1": .string(MemoryDigestSource.hash(3).hex), "n2": .null])
        XCTAssertEqual(json["members"]?[2]?["reachable"], false)
        XCTAssertEqual(json["members"]?[0]?["count"], 3)
        XCTAssertEqual(json["conclusion"], .string(report.conclusion))
    }

    /// Hand-made reports for what memory sources cannot produce: rows that no longer add up
    /// to the maintained digest, a failure while narrowing, ranges that changed meanwhile, a cut list.
    func testRenderingOfRarerFindings() throws {
        let digest = MemoryDigestSource.hash(1)
        let whole = RangeDigest(range: .all, count: 1, digest: digest)
        let tampered = VerifyReport.Member(
            member: Self.n2, answer: .digest(MemberDigest(whole: whole, maintained: .zero, rowsMatchMaintained: false)))
        let healthy = VerifyReport.Member(member: Self.n1, answer: .digest(MemberDigest(whole: whole, maintained: digest, rowsMatchMaintained: true)))
        var report = VerifyReport(members: [healthy, tampered])
        report.narrowingError = "n2: cannot connect to 127.0.0.1:7420: Connection refused"
        report.members[1] = VerifyReport.Member(
            member: Self.n2, answer: .digest(MemberDigest(
                whole: RangeDigest(range: .all, count: 1, digest: .zero), maintained: digest, rowsMatchMaintained: false)))
        XCTAssertEqual(VerifyRendering.render(report), """
            Member  Address         State  Dossiers  Digest            Note
            ------  --------------  -----  --------  ----------------  --------------------------------------------------------------------------
            n1      127.0.0.1:7410  alive         1  00000000000f4250
            n2      127.0.0.1:7420  alive         1  0000000000000000  its rows do not add up to its maintained digest: changed outside casenode?

            Narrowing stopped: n2: cannot connect to 127.0.0.1:7420: Connection refused

            members disagree; could not narrow down where: n2: cannot connect to 127.0.0.1:7420: Connection refused
            """)

        report.narrowingError = nil
        report.narrowing = DigestBisection.Outcome(
            differences: [DossierDifference(code: "D-1", hashes: ["n1": digest, "n2": nil])], truncated: true,
            unexplained: [CodeRange(from: "E", to: "F")], requests: 9)
        XCTAssertEqual(VerifyRendering.render(report).split(separator: "\n").suffix(7).joined(separator: "\n"), """
            Differing dossiers (the first 1):
            Code  State hash        Members
            ----  ----------------  -------
            D-1   00000000000f4250  n1
                  absent            n2

            Ranges that differed but matched dossier by dossier (members changed meanwhile; run again): [E, F)

            members disagree on more than 1 dossier (D-1); 1 range changed while compared
            """.split(separator: "\n").joined(separator: "\n"))
        let json = try JSONParser().parse(JSONWriter.string(report.json))
        XCTAssertEqual(json["truncated"], true)
        XCTAssertEqual(json["unexplainedRanges"], [["from": "E", "to": "F"]])
        XCTAssertEqual(json["members"]?[1]?["rowsMatchMaintained"], false)
    }

    func testConclusionsForOneMemberAndForNoneReachable() {
        let only = Verification(source: MemoryDigestSource(["n1": Self.dossiers(1...2)])).run([Self.n1])
        XCTAssertTrue(only.isSuccess)
        XCTAssertEqual(only.conclusion, "the only member answers (digest 00000000002dc6e3, 2 dossiers)")
        let none = Verification(source: MemoryDigestSource([:], unreachable: ["n1", "n2"])).run([Self.n1, Self.n2])
        XCTAssertFalse(none.isSuccess)
        XCTAssertEqual(none.failureReason, "no member could be asked: 2 unreachable: n1, n2")
        let retired = Verification(source: MemoryDigestSource([:])).run([Self.n4])
        XCTAssertEqual(retired.failureReason, "no member to compare: every member is retired")
    }

    /// Members casectl may not ask (address not vouched for, or insecure) are not asked, and
    /// the check cannot pass without them.
    func testMembersNotAskedAreListedAndFail() throws {
        let source = MemoryDigestSource(["n1": Self.dossiers(1...3), "n2": Self.dossiers(1...3), "n3": Self.dossiers(1...2)])
        let report = Verification(source: source).run(
            [Self.n1, Self.n2, Self.n3, Self.n4], notAsked: ["n3": "address not vouched by n1"])
        XCTAssertFalse(report.isSuccess)
        XCTAssertEqual(report.notAsked.map(\.id), ["n3"])
        XCTAssertEqual(source.rowsScanned["n3"], nil, "n3 was not asked")
        XCTAssertEqual(report.failureReason, "the 2 members asked agree (digest 00000000005b8db9, 3 dossiers); 1 skipped (address not vouched or insecure): n3")
        XCTAssertTrue(VerifyRendering.render(report).contains("n3      127.0.0.1:7430  dead                                 skipped: address not vouched by n1"),
                      VerifyRendering.render(report))
        let json = try JSONParser().parse(JSONWriter.string(report.json))
        XCTAssertEqual(json["members"]?[2]?["skipped"], "address not vouched by n1")
        XCTAssertEqual(json["members"]?[2]?["reachable"], false)
        let none = Verification(source: MemoryDigestSource([:])).run([Self.n1], notAsked: ["n1": "insecure"])
        XCTAssertEqual(none.failureReason, "no member could be asked: 1 skipped (address not vouched or insecure): n1")
    }

    func testMembersAreReadFromTheClusterAnswer() throws {
        let cluster: JSONValue = ["members": [
            ["id": "n2", "state": "alive", "httpAddress": "127.0.0.1:7420", "apiVouched": true],
            ["id": "n1", "state": "suspect", "httpAddress": "http://10.0.0.1:7410"],
        ]]
        XCTAssertEqual(try ClusterMember.members(of: cluster), [
            ClusterMember(id: "n1", state: "suspect", address: "http://10.0.0.1:7410", vouched: false),
            ClusterMember(id: "n2", state: "alive", address: "127.0.0.1:7420", vouched: true),
        ])
        XCTAssertThrowsError(try ClusterMember.members(of: ["members": [["id": "n1"]]]))
        XCTAssertThrowsError(try ClusterMember.members(of: [:]))
    }

    func testDigestAnswersAreCheckedBeforeUse() throws {
        let zero = StateDigest.zero.hex
        let range = CodeRange(from: "B", to: nil)
        let good: JSONValue = ["parts": [
            ["from": "B", "to": "C", "count": 1, "digest": .string(zero)], ["from": "C", "to": "", "count": 2, "digest": .string(zero)],
        ]]
        XCTAssertEqual(try DigestAnswers.parts(good, range: range, maxParts: 2).map(\.count), [1, 2])
        let broken: [(String, JSONValue)] = [
            ("a gap", ["parts": [["from": "B", "to": "C", "count": 1, "digest": .string(zero)], ["from": "D", "to": "", "count": 2, "digest": .string(zero)]]]),
            ("short of the end", ["parts": [["from": "B", "to": "C", "count": 1, "digest": .string(zero)]]]),
            ("too many parts", good),
            ("a bad digest", ["parts": [["from": "B", "to": "", "count": 1, "digest": "xyz"]]]),
            ("a negative count", ["parts": [["from": "B", "to": "", "count": -1, "digest": .string(zero)]]]),
            ("no parts", [:]),
        ]
        for (name, answer) in broken {
            XCTAssertThrowsError(try DigestAnswers.parts(answer, range: range, maxParts: name == "too many parts" ? 1 : 2), name)
        }
        XCTAssertThrowsError(try DigestAnswers.hashes(["items": [["code": "A", "hash": .string(zero)]]], range: range), "outside the range")
        XCTAssertEqual(try DigestAnswers.hashes(["items": [["code": "B-1", "hash": .string(zero)]]], range: range), ["B-1": .zero])
        XCTAssertEqual(DigestAnswers.digestPath(CodeRange(from: "A B", to: nil), parts: 16), "/v1/digest?from=A%20B&to=&parts=16")
    }
}
