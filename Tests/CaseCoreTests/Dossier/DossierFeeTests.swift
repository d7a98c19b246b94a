import CaseCore
import CaseSupport
import XCTest

/// A filing's fees as the receiving node counts them and the `filed` event carries them
/// (docs/fees.md): the lines and the total, the same on every node.
final class DossierFeeTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let code = DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 7)!, sequence: 1)

    private func file(_ procedure: Procedure, documents: [DocumentItem]) throws -> DossierDecision {
        let request = FilingRequest(
            procedureCode: procedure.code, applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"), documents: documents)
        let filing = try DossierDecisions.check(request, against: ProcedureCatalogue(procedures: [procedure]))
        let context = DecisionContext(
            node: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_853_600_000, logical: 0), calendar: calendar)
        return try DossierDecisions.file(filing, code: code, context: context)
    }

    private let certifiedCopy = Procedure(
        code: "2.000815", name: "Chứng thực bản sao từ bản chính", field: "Chứng thực", timeLimitWorkingDays: 1,
        fees: [
            Fee(name: "Phí chứng thực bản sao (trang 1–2)", amountVND: 2_000, unit: .perPage, toPage: 2),
            Fee(name: "Phí chứng thực bản sao (từ trang 3)", amountVND: 1_000, unit: .perPage, fromPage: 3, maxPerCopyVND: 196_000),
        ])

    func testCertifiedCopiesOfFivePagesAreChargedPerPage() throws {
        let decision = try file(certifiedCopy, documents: [DocumentItem(name: "Giấy khai sinh", originals: 1, copies: 2, pages: 5, copiesRequested: 2)])
        XCTAssertEqual(decision.dossier.feesVND, 14_000)
        XCTAssertEqual(decision.dossier.feeLines?.map(\.totalVND), [8_000, 6_000])
        XCTAssertEqual(decision.dossier.feeLines?.map(\.quantity), [4, 6])
        XCTAssertEqual(decision.event.payload["feesVND"], .int(14_000))
        XCTAssertEqual(decision.event.payload["feeLines"]?[1]?["maxPerCopyVND"], .int(196_000))
        XCTAssertEqual(decision.dossier.storedJSON["feeLines"]?[0]?["totalVND"], .int(8_000))
        // The counts travel in the lines: a stored component keeps the shape older nodes read.
        XCTAssertEqual(decision.event.payload["documents"]?[0], ["name": "Giấy khai sinh", "originals": 1, "copies": 2])
    }

    /// A node of the release before fee units ignores `feeLines` and takes `feesVND` from the
    /// event: the same total; its state lacks only the lines.
    func testANodeThatIgnoresTheLinesShowsTheSameTotal() throws {
        let decision = try file(certifiedCopy, documents: [DocumentItem(name: "Giấy khai sinh", pages: 5)])
        guard case .object(var payload) = decision.event.payload else { return XCTFail("a filed payload is an object") }
        payload["feeLines"] = nil
        let event = decision.event
        let oldView = ChangeEvent(
            origin: event.origin, sequence: event.sequence, timestamp: event.timestamp, dossierCode: event.dossierCode,
            kind: event.kind, actor: event.actor, centre: event.centre, payload: .object(payload))
        let old = try XCTUnwrap(DossierReducer.fold([oldView]))
        XCTAssertEqual(old.feesVND, 7_000)
        XCTAssertNil(old.feeLines)
    }

    func testACatalogueWithoutUnitsKeepsTodaysTotalAndPayload() throws {
        let old = Procedure(
            code: "2.000815", name: "Chứng thực bản sao từ bản chính", field: "Chứng thực", timeLimitWorkingDays: 1,
            fees: [Fee(name: "trang 1–2", amountVND: 2_000), Fee(name: "từ trang 3", amountVND: 1_000)])
        let decision = try file(old, documents: [DocumentItem(name: "Giấy khai sinh", pages: 5, copiesRequested: 2)])
        XCTAssertEqual(decision.dossier.feesVND, 3_000, "the sum of the fees, as before units")
        XCTAssertNil(decision.event.payload["feeLines"])
        XCTAssertNil(decision.dossier.storedJSON["feeLines"])
    }
}
