import CaseCore
import CaseReplication
import XCTest
@testable import CaseNode

/// /metrics' per-province figures (`ProvinceFigures`, `NodeMetrics.update(provinces:)`):
/// members by province and state, events by the province of their origin, keyed by
/// province code only.
final class ProvinceMetricsTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let hoChiMinh = ProvinceCode("79")!
    private let daNang = ProvinceCode("48")!

    /// A node of Hà Nội that places n1–n3 in 01, n4–n5 in 79 and n9 in 48 (a centre it
    /// knows by its certificate, not a member).
    private var scope: StreamScope {
        var directory = ProvinceDirectory()
        for id in ["n1", "n2", "n3"] { directory.place(id, in: hanoi) }
        for id in ["n4", "n5"] { directory.place(id, in: hoChiMinh) }
        directory.place("n9", in: daNang)
        return StreamScope(province: hanoi, directory: directory)
    }

    private func member(_ id: String, _ state: MemberState) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "\(id).example:7401", httpAddress: "\(id).example:7400", incarnation: 1, state: state)
    }

    func testADividedNodeShowsEachProvincesMembersByStateAndTheEventsOfItsCentres() throws {
        let members = [
            member("n1", .alive), member("n2", .alive), member("n3", .dead), member("n4", .alive), member("n5", .suspect),
            member("n6", .alive),  // not placed: its certificate not seen yet
        ]
        let events: [String: Int64] = ["n1": 5, "n2": 3, "n4": 2, "n7": 1]
        let figures = try XCTUnwrap(ProvinceFigures(scope: scope, members: members, eventsByOrigin: events))
        let metrics = NodeMetrics()
        metrics.update(province: hanoi)
        metrics.update(provinces: figures)
        let lines = metrics.render().split(separator: "\n").map(String.init)
        let provinceLines = Set(lines.filter { $0.hasPrefix("casestore_province_") || $0.hasPrefix("casestore_members_unplaced") })
        XCTAssertEqual(provinceLines, [
            #"casestore_province_members{province="01",state="alive"} 2"#,
            #"casestore_province_members{province="01",state="suspect"} 0"#,
            #"casestore_province_members{province="01",state="dead"} 1"#,
            #"casestore_province_members{province="01",state="retired"} 0"#,
            #"casestore_province_members{province="79",state="alive"} 1"#,
            #"casestore_province_members{province="79",state="suspect"} 1"#,
            #"casestore_province_members{province="79",state="dead"} 0"#,
            #"casestore_province_members{province="79",state="retired"} 0"#,
            // A province the node knows a centre of, with no member: zero alive, not absent.
            #"casestore_province_members{province="48",state="alive"} 0"#,
            #"casestore_province_members{province="48",state="suspect"} 0"#,
            #"casestore_province_members{province="48",state="dead"} 0"#,
            #"casestore_province_members{province="48",state="retired"} 0"#,
            "casestore_members_unplaced 1",
            // n7's event: an origin not placed is in no province.
            #"casestore_province_events{province="01",stream="dense"} 8"#,
            #"casestore_province_events{province="79",stream="sparse"} 2"#,
        ])
        XCTAssertTrue(lines.contains(#"casestore_node_info{province="01"} 1"#))
        XCTAssertTrue(lines.contains("# TYPE casestore_province_members gauge"))
    }

    func testTheFiguresFollowAMemberThatDies() throws {
        let metrics = NodeMetrics()
        let before = [member("n1", .alive), member("n4", .alive)]
        metrics.update(provinces: try XCTUnwrap(ProvinceFigures(scope: scope, members: before, eventsByOrigin: [:])))
        let after = [member("n1", .alive), member("n4", .dead)]
        metrics.update(provinces: try XCTUnwrap(ProvinceFigures(scope: scope, members: after, eventsByOrigin: [:])))
        let lines = Set(metrics.render().split(separator: "\n").map(String.init))
        XCTAssertTrue(lines.contains(#"casestore_province_members{province="79",state="alive"} 0"#), "\(lines.sorted())")
        XCTAssertTrue(lines.contains(#"casestore_province_members{province="79",state="dead"} 1"#), "\(lines.sorted())")
    }

    func testANodeWithoutProvincesHasNoProvinceFigures() {
        XCTAssertNil(ProvinceFigures(scope: .single, members: [member("n1", .alive)], eventsByOrigin: ["n1": 3]))
    }

    /// Labels are province codes, never node ids: a thousand members in two provinces make
    /// eight member series, not a thousand.
    func testTheSeriesAreBoundedByProvincesNotMembers() throws {
        var directory = ProvinceDirectory()
        let ids = (1...1_000).map { "n\($0)" }
        for (index, id) in ids.enumerated() { directory.place(id, in: index.isMultiple(of: 2) ? hanoi : hoChiMinh) }
        let scope = StreamScope(province: hanoi, directory: directory)
        let figures = try XCTUnwrap(ProvinceFigures(
            scope: scope, members: ids.map { member($0, .alive) }, eventsByOrigin: Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) })))
        let metrics = NodeMetrics()
        metrics.update(provinces: figures)
        let lines = metrics.render().split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("casestore_province_members{") }.count, 8)
        XCTAssertEqual(lines.filter { $0.hasPrefix("casestore_province_events{") }.count, 2)
        XCTAssertTrue(lines.contains(#"casestore_province_members{province="79",state="alive"} 500"#))
        XCTAssertTrue(lines.contains(#"casestore_province_events{province="79",stream="sparse"} 500"#))
    }
}
