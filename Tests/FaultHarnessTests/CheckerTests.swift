import CaseSupport
import FaultHarness
import XCTest

final class CheckerTests: XCTestCase {
    private let history = [
        Operation(token: "c0-1", client: 0, node: "n1", kind: .file, dossier: "N1-1", outcome: .ok),
        Operation(token: "c0-2", client: 0, node: "n2", kind: .file, outcome: .indeterminate),
        Operation(token: "c1-1", client: 1, node: "n2", kind: .step, action: "note", dossier: "N1-1", outcome: .ok),
        Operation(token: "c1-2", client: 1, node: "n3", kind: .file, outcome: .failed),
    ]

    private func healthyNode(_ id: String, digest: String = "d1") -> NodeSnapshot {
        NodeSnapshot(node: id, digest: digest, dossiers: [
            "N1-1": .init(filingToken: "c0-1", stepTokens: ["c1-1"]),
            // An indeterminate filing that did happen is fine.
            "N2-1": .init(filingToken: "c0-2", stepTokens: []),
        ])
    }

    func testAHealthyRunPassesEveryCheck() {
        let report = Checker.check(history: history, snapshots: [healthyNode("n1"), healthyNode("n2")], convergenceMs: 1_200)
        XCTAssertTrue(report.passed, report.text)
        XCTAssertEqual(report.summaryLine, "6 passed, 0 failed")
        XCTAssertEqual(report.lost, 0)
        XCTAssertEqual([report.attempted, report.acknowledged, report.indeterminate, report.failed], [4, 2, 1, 1])
    }

    func testEachKindOfAnomalyFailsItsCheck() {
        var lostFiling = healthyNode("n2")
        lostFiling.dossiers["N1-1"] = nil
        var stranger = healthyNode("n2")
        stranger.dossiers["N3-9"] = .init(filingToken: "c9-9", stepTokens: [])
        var lostStep = healthyNode("n2")
        lostStep.dossiers["N1-1"]?.stepTokens = []
        var unreadable = healthyNode("n2")
        unreadable.readError = "connection refused"
        let cases: [(String, NodeSnapshot, Int?, String)] = [
            ("lost acknowledged filing", lostFiling, 100, "acknowledged filings on every node"),
            ("dossier nobody attempted", stranger, 100, "nothing present that no client attempted"),
            ("lost acknowledged step", lostStep, 100, "acknowledged steps in every history"),
            ("different digest", healthyNode("n2", digest: "d2"), 100, "every node has the same digest"),
            ("unreadable node", unreadable, 100, "every node readable"),
            ("no convergence", healthyNode("n2"), nil, "converged after the heal"),
        ]
        for (name, second, convergence, failingCheck) in cases {
            let report = Checker.check(history: history, snapshots: [healthyNode("n1"), second], convergenceMs: convergence)
            XCTAssertFalse(report.passed, name)
            XCTAssertEqual(report.checks.filter { !$0.passed }.map(\.name).first, failingCheck, name)
            XCTAssertTrue(report.text.hasSuffix("\(report.passedCount) passed, \(report.failedCount) failed"), name)
        }
    }

    func testALostFilingCountsAsLostAndNamesTheNode() {
        var broken = healthyNode("n3")
        broken.dossiers["N1-1"] = nil
        let report = Checker.check(history: history, snapshots: [healthyNode("n1"), broken], convergenceMs: 100)
        XCTAssertEqual(report.lost, 2, "the filing and its acknowledged step")
        XCTAssertTrue(report.text.contains("c0-1 (N1-1) missing on n3"), report.text)
        XCTAssertTrue(report.text.contains("lost = 2"), report.text)
    }

    func testHistoryLinesAreJSON() throws {
        let line = history[2].jsonLine
        let object = try JSONParser().parse(line)
        XCTAssertEqual(object["token"], "c1-1")
        XCTAssertEqual(object["outcome"], "ok")
        XCTAssertEqual(object["dossier"], "N1-1")
        XCTAssertEqual(object["client"], 1)
        XCTAssertFalse(line.contains("\n"), "one line")
    }
}
