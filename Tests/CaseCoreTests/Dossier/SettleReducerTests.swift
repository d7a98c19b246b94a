import XCTest
@testable import CaseCore
import CaseSupport

/// An admin's `settle` step: it marks the named conflicts settled, keeps the status, stays in
/// the history, and the result does not depend on the order the events arrived in.
final class SettleReducerTests: XCTestCase {
    private let code = "LOCAL-250701-0001"
    private let t0: Int64 = 1_751_336_400_000

    private func filed() -> ChangeEvent {
        let payload: JSONValue = [
            "channel": "counter", "procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh",
            "timeLimitWorkingDays": 3, "feesVND": 0,
            "applicant": ["kind": "citizen", "fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"],
            "documents": [], "receivingCentre": "n1", "competentCentre": "n2", "originalDueAtMs": .int(t0 + 86_400_000),
        ]
        return ChangeEvent(
            origin: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: t0, logical: 0), dossierCode: code,
            kind: .filed, actor: "clerk", centre: "n1", payload: payload)
    }

    private func step(_ action: WorkflowAction, _ origin: String, _ seq: Int64, at offsetMs: Int64, _ payload: JSONValue = [:]) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: seq, timestamp: HLCTimestamp(physicalMs: t0 + offsetMs, logical: 0), dossierCode: code,
            kind: .action(action), actor: origin == "n9" ? "admin" : "clerk", centre: origin, payload: payload)
    }

    private func settle(_ seq: Int64, at offsetMs: Int64, naming events: [String], origin: String = "n9") -> ChangeEvent {
        step(.settle, origin, seq, at: offsetMs, ["events": .array(events.map { .string($0) }), "note": "giữ kết quả"])
    }

    private func id(_ text: String) -> EventID { EventID(text: text)! }

    /// n2 starts and resolves; n3's withdrawal comes after the resolution: a conflict.
    private var conflicted: [ChangeEvent] {
        [
            filed(),
            step(.start, "n2", 1, at: 1_000),
            step(.resolve, "n2", 2, at: 2_000),
            step(.requestWithdrawal, "n3", 1, at: 3_000, ["note": "công dân rút"]),
        ]
    }

    func testSettleMarksTheNamedConflictKeepsTheStatusAndStaysInTheHistory() throws {
        let dossier = try XCTUnwrap(DossierReducer.fold(conflicted + [settle(1, at: 4_000, naming: ["n3/1"])]))
        XCTAssertEqual(dossier.status, .resolved)
        XCTAssertEqual(dossier.conflicts.map(\.event), [id("n3/1")])
        XCTAssertEqual(dossier.conflicts.first?.settledBy, id("n9/1"))
        XCTAssertEqual(dossier.version, 5)
        let last = try XCTUnwrap(dossier.history.last)
        XCTAssertEqual(last.action, "settle")
        XCTAssertTrue(last.applied)
        XCTAssertEqual(last.from, .resolved)
        XCTAssertEqual(last.to, .resolved)
        XCTAssertEqual(last.note, "giữ kết quả")
        XCTAssertEqual(last.details["events"], ["n3/1"])
    }

    func testSettledByIsInTheJSONOnlyOnceSettled() throws {
        let open = try XCTUnwrap(DossierReducer.fold(conflicted))
        XCTAssertNil(open.storedJSON["conflicts"]?[0]?["settledBy"], "an open conflict is stored as before settling existed")
        let settled = try XCTUnwrap(DossierReducer.fold(conflicted + [settle(1, at: 4_000, naming: ["n3/1"])]))
        XCTAssertEqual(settled.storedJSON["conflicts"]?[0]?["settledBy"], "n9/1")
        XCTAssertEqual(settled.json(now: settled.receivedAt)["conflicts"]?[0]?["settledBy"], "n9/1")
    }

    /// Table: event sets, each folded in every arrival order, must give one state, with
    /// the conflicts settled as listed.
    func testEveryArrivalOrderGivesTheSameSettledConflicts() throws {
        let cases: [(name: String, events: [ChangeEvent], settled: [String: String?])] = [
            ("settle after the conflict", conflicted + [settle(1, at: 4_000, naming: ["n3/1"])], ["n3/1": "n9/1"]),
            // Clocks can put the settle before the step it names: it must still settle it.
            ("settle sorting before the conflict it names", conflicted + [settle(1, at: 2_500, naming: ["n3/1"])], ["n3/1": "n9/1"]),
            ("two settles: the first in fold order wins",
             conflicted + [settle(1, at: 5_000, naming: ["n3/1"]), settle(1, at: 4_000, naming: ["n3/1"], origin: "n8")],
             ["n3/1": "n8/1"]),
            ("a settle naming an applied step or an unknown event marks nothing",
             conflicted + [settle(1, at: 4_000, naming: ["n2/2", "n7/7"])], ["n3/1": nil]),
            // A late stop sorts before the resolution: now two steps conflict, one of them settled.
            ("an earlier step arriving late changes which steps conflict",
             conflicted + [settle(1, at: 4_000, naming: ["n3/1"]), step(.stop, "n4", 1, at: 1_500)],
             ["n2/2": nil, "n3/1": "n9/1"]),
            ("one settle naming several conflicts",
             conflicted + [step(.stop, "n4", 1, at: 1_500), settle(1, at: 4_000, naming: ["n3/1", "n2/2"])],
             ["n2/2": "n9/1", "n3/1": "n9/1"]),
        ]
        for (name, events, settled) in cases {
            let reference = try XCTUnwrap(DossierReducer.fold(events), name)
            let found = Dictionary(uniqueKeysWithValues: reference.conflicts.map { ($0.event.description, $0.settledBy?.description) })
            XCTAssertEqual(found, settled, name)
            for order in Self.permutations(of: events) {
                XCTAssertEqual(try DossierReducer.fold(order), reference, "\(name): \(order.map(\.id))")
            }
            XCTAssertEqual(try Self.appliedOneByOne(events), reference, "\(name): applying in fold order one by one")
        }
    }

    func testAMalformedReplicatedSettlePayloadIsIgnoredNotTrappedOn() throws {
        let payloads: [JSONValue] = [
            [:], ["events": "n3/1"], ["events": [5, "n3/0", "not-an-id", "N3/1", "/1", "n3/"]],
        ]
        for payload in payloads {
            let dossier = try XCTUnwrap(DossierReducer.fold(conflicted + [step(.settle, "n9", 1, at: 4_000, payload)]))
            XCTAssertNil(dossier.conflicts.first?.settledBy, "\(payload)")
            XCTAssertEqual(dossier.history.last?.details["events"], [], "\(payload)")
            XCTAssertEqual(dossier.status, .resolved)
        }
    }

    func testSettleIsAnAdminActionAllowedFromEveryStatusThatKeepsIt() {
        for status in DossierStatus.allCases {
            XCTAssertEqual(StatusMachine.status(after: .settle, from: status), status, status.rawValue)
            XCTAssertFalse(StatusMachine.allowedActions(from: status).contains(.settle), status.rawValue)
        }
        XCTAssertFalse(WorkflowAction.clerkActions.contains(.settle))
        XCTAssertEqual(WorkflowAction(rawValue: "settle"), .settle, "the raw value is protocol")
        XCTAssertEqual(WorkflowAction.allCases.last, .settle, "appended, never reordered")
    }

    func testEventIDsReadBackFromText() {
        let cases: [(String, EventID?)] = [
            ("n1/7", EventID(origin: "n1", sequence: 7)),
            ("xa-phuoc.long_2/9223372036854775807", EventID(origin: "xa-phuoc.long_2", sequence: .max)),
            ("n1/0", nil), ("n1/-1", nil), ("n1/", nil), ("/7", nil), ("n1", nil), ("N1/7", nil),
            ("n1/7/8", nil), ("n1/+7", nil), ("n1/٧", nil), ("n1/99999999999999999999", nil),
            (String(repeating: "a", count: 65) + "/1", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(EventID(text: text), expected, text)
            if let expected { XCTAssertEqual(expected.description, text) }
        }
    }

    /// Folding by `apply` one event at a time, in fold order: what a node does when new events sort last.
    private static func appliedOneByOne(_ events: [ChangeEvent]) throws -> Dossier? {
        let ordered = events.sorted(by: ChangeEvent.foldOrder)
        var dossier = try DossierReducer.start(from: ordered[0])
        for event in ordered.dropFirst() { DossierReducer.apply(event, to: &dossier) }
        return dossier
    }

    /// Every ordering of `items` (at most 7 here: 5,040 orders).
    private static func permutations<T>(of items: [T]) -> [[T]] {
        precondition(items.count <= 7, "keep the permutation tests small")
        guard items.count > 1 else { return [items] }
        var result: [[T]] = []
        for index in items.indices {
            var rest = items
            let first = rest.remove(at: index)
            result += permutations(of: rest).map { [first] + $0 }
        }
        return result
    }
}
