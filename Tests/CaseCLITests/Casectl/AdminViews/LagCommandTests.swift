import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl lag` from fixed answers: the matrix, the worst cells, and the long form.
final class LagCommandTests: XCTestCase {
    func testTheReportCountsWhatEachMemberLacksByOrigin() {
        let report = LagCommand.json(ClusterPicture(AdminViewFixtures.survey))
        XCTAssertEqual(report["origins"], ["n1", "n2"])
        XCTAssertEqual(report["known"], ["n1": 5, "n2": 4])
        XCTAssertEqual(report["worstMissing"], 2)
        XCTAssertEqual(report["rows"]?[2], [
            "member": "n3", "state": "dead", "reachable": false, "skipped": .null, "progressSource": "peers",
            "missing": ["n1": 2, "n2": 0], "total": 2, "worst": ["n1"],
        ])
        XCTAssertEqual(report["rows"]?[0]?["worst"], [])
    }

    func testGoldenMatrixWithADeadMember() {
        XCTAssertEqual(LagCommand.render(LagCommand.json(ClusterPicture(AdminViewFixtures.survey))), """
            Replication lag in cluster tinh-56, seen from n1 at 2026-11-22T09:15:10.000+07:00: events each member lacks, by origin

            Member  n1  n2  Total  Note
            ------  --  --  -----  -------------------------------------------
            n1       0   0      0
            n2       0   0      0
            n3      *2   0      2  dead, unreachable, as its peers last saw it
            * worst: lacks 2 events (n3 from n1)
            """)
    }

    func testGoldenMatrixOfAMemberCatchingUpAndOfAHealthyCluster() {
        XCTAssertEqual(LagCommand.render(LagCommand.json(ClusterPicture(AdminViewFixtures.catchingUpSurvey))), """
            Replication lag in cluster tinh-56, seen from n1 at 2026-11-22T09:15:10.000+07:00: events each member lacks, by origin

            Member  n1  n2  Total  Note
            ------  --  --  -----  ----
            n1       0   0      0
            n2       0   0      0
            n3      *4   3      7
            * worst: lacks 4 events (n3 from n1)
            """)
        XCTAssertEqual(LagCommand.render(LagCommand.json(ClusterPicture(AdminViewFixtures.healthySurvey))), """
            Replication lag in cluster tinh-56, seen from n1 at 2026-11-22T09:15:10.000+07:00: events each member lacks, by origin

            Member  n1  n2  Total  Note
            ------  --  --  -----  ----
            n1       0   0      0
            n2       0   0      0
            n3       0   0      0
            Every member holds every event known to exist.
            """)
    }

    func testEveryCellWithTheLargestCountIsMarked() {
        let report: JSONValue = [
            "clusterId": "c", "node": "n1", "at": "2026-11-22T09:15:10.000+07:00", "origins": ["n1", "n2"], "worstMissing": 3,
            "rows": [
                ["member": "n1", "state": "alive", "reachable": true, "progressSource": "own", "missing": ["n1": 0, "n2": 3], "total": 3, "worst": ["n2"]],
                ["member": "n2", "state": "suspect", "reachable": true, "progressSource": "own", "missing": ["n1": 3, "n2": 1], "total": 4, "worst": ["n1"]],
                ["member": "n4", "state": "alive", "reachable": false, "progressSource": .null, "missing": .null, "total": .null, "worst": []],
            ],
        ]
        XCTAssertEqual(LagCommand.render(report), """
            Replication lag in cluster c, seen from n1 at 2026-11-22T09:15:10.000+07:00: events each member lacks, by origin

            Member  n1  n2  Total  Note
            ------  --  --  -----  -----------------------------
            n1       0  *3      3
            n2      *3   1      4  suspect
            n4       ?   ?      ?  unreachable, progress unknown
            * worst: lacks 3 events (n1 from n2, n2 from n1)
            """)
    }

    func testManyOriginsAreListedOneLackingCellPerLine() {
        let origins = (1...13).map { "n\($0)" }
        let known = Dictionary(uniqueKeysWithValues: origins.map { ($0, JSONValue.int(10)) })
        var lagging = known
        lagging["n7"] = 4
        lagging["n12"] = 8
        let entry: JSONValue = [
            "id": "n1", "clusterId": "big", "at": "2026-11-22T09:15:10.000+07:00", "versionVector": .object(known),
            "members": [
                ["id": "n1", "state": "alive", "httpAddress": "10.0.0.1:7400"],
                ["id": "n2", "state": "dead", "httpAddress": "10.0.0.2:7400", "versionVector": .object(lagging)],
            ],
        ]
        let report = LagCommand.json(ClusterPicture(ClusterSurvey(entry: entry, probes: [
            "n1": MemberProbe(cluster: entry, health: nil, failure: nil), "n2": .unreachable("no answer within 3000 ms"),
        ])))
        XCTAssertEqual(report["worstMissing"], 6)
        XCTAssertEqual(LagCommand.render(report), """
            Replication lag in cluster big, seen from n1 at 2026-11-22T09:15:10.000+07:00: events each member lacks, by origin

            Member  Origin  Lacks  Note
            ------  ------  -----  -------------------------------------------
            n2      n7         *6  dead, unreachable, as its peers last saw it
            n2      n12         2  dead, unreachable, as its peers last saw it
            * worst: lacks 6 events (n2 from n7)
            """)
        XCTAssertEqual(report["origins"]?.arrayValue?.count, 13)
    }

    func testUnknownProgressIsNotCalledCaughtUp() {
        var survey = AdminViewFixtures.healthySurvey
        guard case .object(var fields) = survey.entry else { return XCTFail("fixture is an object") }
        fields["members"] = .array((survey.entry["members"]?.arrayValue ?? []) + [["id": "n4", "state": "alive", "httpAddress": ""]])
        survey.entry = .object(fields)
        survey.probes["n4"] = .unreachable("its HTTP address is unknown")
        let text = LagCommand.render(LagCommand.json(ClusterPicture(survey)))
        XCTAssertTrue(text.hasSuffix("\nNo member is known to lack an event; progress unknown for n4."), text)
    }
}
