import CaseCore
import CaseSupport
import XCTest

/// Centres that no longer exist (issue 17): filing for, transferring to or naming as
/// competent an unknown or retired centre is refused with 422, naming the successor; a
/// merger's handover takes resolved-but-not-returned dossiers and moves the competent centre.
final class CentreDirectoryTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let catalogue = try! ProcedureCatalogue(procedures: [
        Procedure(code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: []),
    ])
    private let code = "N1-250701-0001"
    /// n3 merged into n2; n4 merged into n3 before that (a chain); n5 retired, successor unknown.
    private let province = CentreDirectory(standings: [
        "n1": .active, "n2": .active, "n3": .retired(successor: "n2"), "n4": .retired(successor: "n3"), "n5": .retired(successor: nil),
    ])

    private func context(_ sequence: Int64, centres: CentreDirectory) -> DecisionContext {
        DecisionContext(
            node: "n1", sequence: sequence, timestamp: HLCTimestamp(physicalMs: 1_751_335_200_000 + sequence * 60_000, logical: 0),
            calendar: calendar, centres: centres)
    }

    private func file(competent: String?, centres: CentreDirectory) throws -> DossierDecision {
        let request = FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"), competentCentre: competent)
        let filing = try DossierDecisions.check(request, against: catalogue)
        return try DossierDecisions.file(filing, code: DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: 1), context: context(1, centres: centres))
    }

    private func refusal(_ body: () throws -> Any) -> DossierRefusal? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? DossierRefusal
        }
    }

    /// The events of a dossier filed for n3, started and resolved (three events, n1/1–3).
    private func resolvedForN3() throws -> [ChangeEvent] {
        var events = [try file(competent: "n3", centres: .unchecked).event]
        for (index, action) in [WorkflowAction.start, .resolve].enumerated() {
            events.append(try DossierDecisions.act(
                ActionRequest(action: action), by: .admin, history: events, code: code, context: context(Int64(index + 2), centres: .unchecked)).event)
        }
        return events
    }

    func testTheDirectoryNamesTheSuccessorOfARetiredCentreThroughAChain() {
        let cases: [(centre: String, code: String?, says: String?)] = [
            ("n2", nil, nil),
            ("n3", "retired_centre", "its successor is n2"),
            ("n4", "retired_centre", "its successor is n2"),
            ("n5", "retired_centre", "does not know its successor"),
            ("n9", "unknown_centre", "the centres it knows: n1, n2"),
        ]
        for (centre, code, says) in cases {
            let refused = refusal { try province.check(centre, field: "to") }
            XCTAssertEqual(refused?.code, code, centre)
            if let says { XCTAssertTrue(refused?.message.contains(says) == true, "\(centre): \(refused?.message ?? "accepted")") }
            if refused != nil { XCTAssertEqual(refused?.kind, .invalid, "422: \(centre)") }
        }
        XCTAssertEqual(province.successor(of: "n4"), "n2")
        XCTAssertNil(province.successor(of: "n5"))
        XCTAssertNil(refusal { try CentreDirectory.unchecked.check("n9", field: "to") }, "a host that knows no centres checks none")
        let cycle = CentreDirectory(standings: ["a": .retired(successor: "b"), "b": .retired(successor: "a")])
        XCTAssertNil(cycle.successor(of: "a"), "bad data cannot loop")
    }

    func testAFilingNamingARetiredOrUnknownCompetentCentreIsRefused() throws {
        XCTAssertEqual(refusal { try file(competent: "n3", centres: province) }?.code, "retired_centre")
        XCTAssertEqual(refusal { try file(competent: "n9", centres: province) }?.code, "unknown_centre")
        XCTAssertEqual(try file(competent: "n2", centres: province).dossier.competentCentre, "n2")
        XCTAssertEqual(try file(competent: nil, centres: province).dossier.competentCentre, "n1", "the receiving node itself")
    }

    func testATransferToARetiredCentreIsRefusedAfterTheStatusIsChecked() throws {
        let filed = try file(competent: nil, centres: province).event
        let transfer = { (to: String) in
            try DossierDecisions.act(
                ActionRequest(action: .transfer, toCentre: to), by: .admin, history: [filed], code: self.code,
                context: self.context(2, centres: self.province))
        }
        XCTAssertEqual(refusal { try transfer("n3") }?.code, "retired_centre")
        XCTAssertTrue(refusal { try transfer("n3") }?.message.hasPrefix("to: centre n3 was retired") == true)
        XCTAssertEqual(try transfer("n2").dossier.handlingCentre, "n2")
    }

    func testAHandoverTakesAResolvedDossierAndMovesTheCompetentCentreThatWasRetired() throws {
        let unchecked = CentreDirectory.unchecked
        let events = try resolvedForN3()
        let handover = try DossierDecisions.handOver(
            history: events, code: code, from: "n3", to: "n2", note: "sáp nhập", actor: "admin", context: context(4, centres: unchecked))
        XCTAssertEqual(handover.dossier.status, .resolved)
        XCTAssertEqual(handover.dossier.handlingCentre, "n2")
        XCTAssertEqual(handover.dossier.competentCentre, "n2")
        XCTAssertEqual(handover.dossier.originalCentre, "n3")
        XCTAssertEqual(handover.event.payload["from"], "n3")
        let returned = try DossierDecisions.act(
            ActionRequest(action: .returnResult), by: .admin, history: events + [handover.event], code: code,
            context: context(5, centres: unchecked))
        XCTAssertEqual(returned.dossier.status, .returned)
    }

    /// A handover written before handovers took resolved dossiers (no `from`) still folds as
    /// it did: sorted after a resolve, it is a conflict, not applied.
    func testAnOldHandoverAfterAResolveFoldsAsBefore() throws {
        let events = try resolvedForN3()
        let old = ChangeEvent(
            origin: "n2", sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_335_200_000 + 10 * 60_000, logical: 0), dossierCode: code,
            kind: .action(.handover), actor: "admin", centre: "n2", payload: ["to": "n2", "note": "sáp nhập"])
        let folded = try XCTUnwrap(try DossierReducer.fold(events + [old]))
        XCTAssertEqual(folded.handlingCentre, "n3")
        XCTAssertEqual(folded.history.last?.applied, false)
        XCTAssertEqual(folded.conflicts.count, 1)
    }
}
