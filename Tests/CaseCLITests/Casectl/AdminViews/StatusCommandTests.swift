import CaseCore
import XCTest
@testable import CaseCLI
import CaseSupport
import CaseReplication

/// `casectl status` from fixed answers: what the report says, and the exact table (golden).
final class StatusCommandTests: XCTestCase {
    func testADeadMemberIsShownAsItsPeersLastSawIt() throws {
        let report = StatusCommand.json(ClusterPicture(AdminViewFixtures.survey))
        XCTAssertEqual(report["converged"], false)
        XCTAssertEqual(report["divergences"], ["n3 lacks 2 events"])
        XCTAssertEqual(report["memberCount"], 3)
        XCTAssertEqual(report["reachableCount"], 2)
        XCTAssertEqual(report["eventsKnown"], 9)
        let n3 = try XCTUnwrap(report["members"]?[2])
        XCTAssertEqual(n3["id"], "n3")
        XCTAssertEqual(n3["state"], "dead")
        XCTAssertEqual(n3["reachable"], false)
        XCTAssertEqual(n3["error"], "cannot connect to 127.0.0.1:7430: Connection refused")
        XCTAssertEqual(n3["eventsHeld"], 7)
        XCTAssertEqual(n3["progressSource"], "peers")
        XCTAssertEqual(n3["behindEvents"], 2)
        XCTAssertEqual(n3["behindSeconds"], .double(47), "the largest age any peer reckons")
        XCTAssertEqual(n3["lastContactAgeSeconds"], .double(80))
        XCTAssertEqual(n3["name"], .null)
        XCTAssertEqual(n3["dossierCount"], .null)
        XCTAssertEqual(n3["catchUp"], .null, "a member that cannot be reached is not catching up")
        let n1 = try XCTUnwrap(report["members"]?[0])
        XCTAssertEqual(n1["self"], true)
        XCTAssertEqual(n1["name"], "Xã Một")
        XCTAssertEqual(n1["dossierCount"], 6)
        XCTAssertEqual(n1["digest"], .string(AdminViewFixtures.digest))
    }

    func testGoldenTableOfAClusterWithADeadMember() {
        XCTAssertEqual(StatusCommand.render(StatusCommand.json(ClusterPicture(AdminViewFixtures.survey))), """
            Cluster tinh-56: 3 members, 2 reachable, NOT converged: n3 lacks 2 events
            Seen from n1 at 2026-11-22T09:15:10.000+07:00; 9 events known

            Id  Name        Address         State  Last contact  Events  Behind  Lag  Dossiers  Note
            --  ----------  --------------  -----  ------------  ------  ------  ---  --------  ------------------------------------------------------------------------------
            n1  Xã Một      127.0.0.1:7410  alive  self               9       0   0s         6
            n2  Phường Hai  127.0.0.1:7420  alive  <1s ago            9       0   0s         6
            n3  —           127.0.0.1:7430  dead   1m 20s ago         7       2  47s         —  unreachable (cannot connect: Connection refused); figures as peers last saw it
            """)
    }

    func testGoldenTableOfAMemberCatchingUp() {
        let report = StatusCommand.json(ClusterPicture(AdminViewFixtures.catchingUpSurvey))
        XCTAssertEqual(report["members"]?[2]?["catchUp"], ["held": 2, "known": 9, "percent": 22])
        XCTAssertEqual(StatusCommand.render(report), """
            Cluster tinh-56: 3 members, 3 reachable, NOT converged: 2 different digests among reachable members; n3 lacks 7 events
            Seen from n1 at 2026-11-22T09:15:10.000+07:00; 9 events known

            Id  Name         Address         State  Last contact  Events  Behind    Lag  Dossiers  Note
            --  -----------  --------------  -----  ------------  ------  ------  -----  --------  -----------------------------------------------------
            n1  Xã Một       127.0.0.1:7410  alive  self               9       0     0s         6
            n2  Phường Hai   127.0.0.1:7420  alive  <1s ago            9       0     0s         6
            n3  Thị trấn Ba  127.0.0.1:7430  alive  2s ago             2       7  1h 1m         2  catching up 2/9 (22%); digest differs (0123456789ab…)
            """)
    }

    func testGoldenTableOfAHealthyCluster() {
        let report = StatusCommand.json(ClusterPicture(AdminViewFixtures.healthySurvey))
        XCTAssertEqual(report["converged"], true)
        XCTAssertEqual(report["divergences"], [])
        XCTAssertEqual(StatusCommand.render(report), """
            Cluster tinh-56: 3 members, 3 reachable, converged
            Seen from n1 at 2026-11-22T09:15:10.000+07:00; 9 events known

            Id  Name         Address         State  Last contact  Events  Behind  Lag  Dossiers  Note
            --  -----------  --------------  -----  ------------  ------  ------  ---  --------  ----
            n1  Xã Một       127.0.0.1:7410  alive  self               9       0   0s         6
            n2  Phường Hai   127.0.0.1:7420  alive  <1s ago            9       0   0s         6
            n3  Thị trấn Ba  127.0.0.1:7430  alive  1s ago             9       0   0s         6
            """)
    }

    /// Convergence: equal digests among the reachable, nobody behind, retired members aside.
    func testConvergenceCases() {
        let healthy = AdminViewFixtures.healthySurvey
        let cases: [(name: String, survey: ClusterSurvey, divergences: [String])] = [
            ("healthy", healthy, []),
            ("a dead member that missed nothing", withMember(healthy, "n3", state: "dead", reachable: false), []),
            ("a retired member that missed events", withMember(AdminViewFixtures.survey, "n3", state: "retired", reachable: false), []),
            ("a dead member that missed events", AdminViewFixtures.survey, ["n3 lacks 2 events"]),
            ("a member nobody has heard from", withUnknownMember(healthy), ["n4's progress is unknown"]),
            ("different digests", withDigest(healthy, "n2", "ff"), ["2 different digests among reachable members"]),
        ]
        for (name, survey, divergences) in cases {
            let picture = ClusterPicture(survey)
            XCTAssertEqual(picture.divergences, divergences, name)
            XCTAssertEqual(picture.isConverged, divergences.isEmpty, name)
        }
    }

    func testBrokenAnswersReadAsUnknownWithoutTrapping() {
        let hostile: JSONValue = [
            "id": "n1", "at": "not a time", "versionVector": ["n1": -5, "n2": "x", "n3": 2.5],
            "members": [["id": "n1", "state": 7, "lastContactAt": "yesterday", "versionVector": ["n1": -1]], ["no id": true], "garbage"],
        ]
        let picture = ClusterPicture(ClusterSurvey(entry: hostile, probes: [
            "n1": MemberProbe(cluster: hostile, health: .null, failure: nil),
        ]))
        XCTAssertEqual(picture.members.map(\.id), ["n1"])
        XCTAssertEqual(picture.members[0].vector, VersionVector())
        XCTAssertEqual(picture.members[0].state, "unknown")
        XCTAssertNil(picture.members[0].lastContactAgeSeconds)
        let text = StatusCommand.render(StatusCommand.json(picture))
        XCTAssertTrue(text.hasPrefix("Cluster : 1 member, 1 reachable, converged"), text)
        XCTAssertEqual(StatusCommand.render(StatusCommand.json(ClusterPicture(ClusterSurvey(entry: .null, probes: [:])))), """
            Cluster : 0 members, 0 reachable, NOT converged: no member could be reached
            Seen from  at —; 0 events known

            Id  Name  Address  State  Last contact  Events  Behind  Lag  Dossiers  Note
            --  ----  -------  -----  ------------  ------  ------  ---  --------  ----
            """)
    }

    func testDurationsReadNaturally() {
        let cases: [(seconds: Double, text: String)] = [
            (0, "0s"), (-3, "0s"), (.nan, "0s"), (0.4, "<1s"), (1, "1s"), (59.9, "59s"), (60, "1m 0s"),
            (3_599, "59m 59s"), (3_600, "1h 0m"), (86_399, "23h 59m"), (86_400, "1d 0h"), (1e300, "11574074074d 1h"),
        ]
        for (seconds, text) in cases {
            XCTAssertEqual(ViewText.duration(seconds: seconds), text, "\(seconds)")
        }
    }

    // MARK: - Helpers

    private func withMember(_ survey: ClusterSurvey, _ id: String, state: String, reachable: Bool) -> ClusterSurvey {
        guard let view = survey.entry["members"]?.arrayValue?.first(where: { $0["id"]?.stringValue == id }),
              case .object(var fields) = view else { return survey }
        fields["state"] = .string(state)
        var changed = survey
        changed.entry = AdminViewFixtures.replacing(survey.entry, member: id, with: .object(fields))
        if !reachable { changed.probes[id] = .unreachable("cannot connect") }
        return changed
    }

    private func withUnknownMember(_ survey: ClusterSurvey) -> ClusterSurvey {
        guard case .object(var fields) = survey.entry else { return survey }
        fields["members"] = .array((survey.entry["members"]?.arrayValue ?? []) + [
            ["id": "n4", "state": "alive", "httpAddress": "127.0.0.1:7440", "lastContactAt": .null],
        ])
        var changed = survey
        changed.entry = .object(fields)
        changed.probes["n4"] = .unreachable("no answer within 3000 ms")
        return changed
    }

    private func withDigest(_ survey: ClusterSurvey, _ id: String, _ digest: String) -> ClusterSurvey {
        guard let cluster = survey.probes[id]?.cluster, case .object(var fields) = cluster else { return survey }
        fields["digest"] = .string(digest)
        var changed = survey
        changed.probes[id]?.cluster = .object(fields)
        return changed
    }
}
