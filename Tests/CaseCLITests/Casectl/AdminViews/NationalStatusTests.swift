import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl status` and `lag` of a cluster divided into provinces: each province judged among
/// its own members, whose digests and streams differ from the other province's by design.
final class NationalStatusTests: XCTestCase {
    private static func member(_ id: String, _ province: String, vector: JSONValue) -> JSONValue {
        ["id": .string(id), "province": .string(province), "state": "alive", "httpAddress": .string("127.0.0.1:\(id)"),
         "lastContactAt": "2026-12-06T09:00:00.000+07:00", "versionVector": vector]
    }

    /// Hà Nội's p1 and p2 agree; Hồ Chí Minh's q2 lacks one event of q1's and its digest differs.
    private static func survey() -> ClusterSurvey {
        let members: JSONValue = .array([
            member("p1", "01", vector: ["p1": 3, "p2": 1]), member("p2", "01", vector: ["p1": 3, "p2": 1]),
            member("q1", "79", vector: ["q1": 2, "p1@79": 2]), member("q2", "79", vector: ["q1": 1, "p1@79": 2]),
        ])
        func cluster(_ id: String, digest: String, vector: JSONValue, dossiers: Int64) -> JSONValue {
            ["id": .string(id), "clusterId": "quoc-gia", "at": "2026-12-06T09:00:01.000+07:00", "digest": .string(digest),
             "versionVector": vector, "dossierCount": .int(dossiers), "members": members]
        }
        let answers = [
            "p1": cluster("p1", digest: "aa", vector: ["p1": 3, "p2": 1], dossiers: 3),
            "p2": cluster("p2", digest: "aa", vector: ["p1": 3, "p2": 1], dossiers: 3),
            "q1": cluster("q1", digest: "bb", vector: ["q1": 2, "p1@79": 2], dossiers: 2),
            "q2": cluster("q2", digest: "cc", vector: ["q1": 1, "p1@79": 2], dossiers: 1),
        ]
        return ClusterSurvey(entry: answers["p1"]!, probes: answers.mapValues { MemberProbe(cluster: $0, health: nil, failure: nil) })
    }

    func testEachProvinceIsJudgedAmongItsOwnMembers() throws {
        let national = NationalStatus(Self.survey())
        XCTAssertEqual(national.provinces.map(\.code), ["01", "79"])
        XCTAssertTrue(national.provinces[0].picture.isConverged, "Hà Nội's digests differ from Hồ Chí Minh's by design, not a divergence")
        XCTAssertEqual(national.provinces[1].picture.divergences, ["2 different digests among reachable members", "q2 lacks 1 event"])
        XCTAssertEqual(national.json["provinces"]?[1]?["behindCount"], 1)
        XCTAssertEqual(national.json["converged"], false)
        XCTAssertEqual(national.rendered, """
            Cluster quoc-gia: 2 provinces, 4 members, NOT converged: 79
            Seen from p1 at 2026-12-06T09:00:01.000+07:00; 'casectl status --province CODE' lists a province's members

            Province  Name                   Members  Alive  Reachable  Behind  Converged  Note
            --------  ---------------------  -------  -----  ---------  ------  ---------  -------------------------------------------------------------
            01        Thành phố Hà Nội             2      2          2       0  yes
            79        Thành phố Hồ Chí Minh        2      2          2       1  NO         2 different digests among reachable members; q2 lacks 1 event
            """)
    }

    func testOneProvinceIsShownMemberByMember() throws {
        let survey = Self.survey()
        let province = try survey.province("79")
        let report = StatusCommand.json(ClusterPicture(survey.restricted(to: try XCTUnwrap(province))), province: province)
        XCTAssertEqual(report["members"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, ["q1", "q2"])
        XCTAssertEqual(report["eventsKnown"], 4, "only Hồ Chí Minh's streams: q1's and p1's tagged 79")
        XCTAssertTrue(StatusCommand.render(report).hasPrefix("Cluster quoc-gia, province 79 (Thành phố Hồ Chí Minh): 2 members, 2 reachable, NOT converged"))
        XCTAssertThrowsError(try survey.province("48")) { error in
            XCTAssertTrue("\(error)".contains("no member of province 48 (Thành phố Đà Nẵng) is known to the node asked; its members are in 01, 79"), "\(error)")
        }
        XCTAssertThrowsError(try survey.province("1")) { error in
            XCTAssertTrue((error as? CasectlUsageError)?.message.hasPrefix("--province '1': expected one of the 34 province codes") == true, "\(error)")
        }
    }

    func testAClusterOfOneProvinceIsNotDivided() {
        let survey = AdminViewFixtures.survey
        XCTAssertEqual(survey.provinces, [], "members without provinces, or all of one, are one cluster as before")
    }
}
