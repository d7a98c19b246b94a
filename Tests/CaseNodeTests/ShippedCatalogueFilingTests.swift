import CaseCore
import CaseSupport
import XCTest
@testable import CaseNode

/// Filings as the API receives them (JSON bodies) against the catalogue the node ships: the
/// acceptance cases of time units and fee units, end to end through the decisions.
final class ShippedCatalogueFilingTests: XCTestCase {
    private func file(_ body: String, at iso: String = "2026-03-02T09:00:00+07:00", centres: CentreDirectory = .unchecked) throws -> DossierDecision {
        let request = try FilingRequest(json: JSONParser().parse(Array(body.utf8)))
        let filing = try DossierDecisions.check(request, against: ShippedData.catalogue())
        let instant = try XCTUnwrap(VietnamTime.parseISO8601(iso))
        let context = DecisionContext(
            node: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: instant.millisecondsSinceEpoch, logical: 0),
            calendar: try ShippedData.holidays(path: nil).workingCalendar(), centres: centres)
        return try DossierDecisions.file(filing, code: DossierCode(agency: "N1", date: VietnamTime.civilDate(of: instant), sequence: 1), context: context)
    }

    private let applicant = #""applicant": {"fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345""#

    func testABirthRegistrationIsDueAtClosingTheSameDayOrTheNext() throws {
        let cases = [
            ("2026-03-02T09:00:00+07:00", "2026-03-02T17:00:00.000+07:00"),
            ("2026-03-02T15:30:00+07:00", "2026-03-03T17:00:00.000+07:00"),
        ]
        for (received, due) in cases {
            let decision = try file(#"{"procedureCode": "1.001193", \#(applicant)}}"#, at: received)
            XCTAssertEqual(VietnamTime.iso8601(decision.dossier.dueAt), due, received)
        }
    }

    func testCertifiedCopiesOfFivePagesAreChargedPerPage() throws {
        let body = #"{"procedureCode": "2.000815", \#(applicant)}, "documents": [{"name": "Bằng tốt nghiệp", "pages": 5, "copiesRequested": 2}]}"#
        let decision = try file(body, at: "2026-03-02T09:00:00+07:00")
        XCTAssertEqual(decision.dossier.feesVND, 14_000)
        XCTAssertEqual(decision.dossier.json(now: decision.dossier.receivedAt)["feeLines"]?.arrayValue?.compactMap { $0["totalVND"]?.int64Value }, [8_000, 6_000])
    }

    func testAPageCountOutOfRangeIsRefused() {
        let body = #"{"procedureCode": "2.000815", \#(applicant)}, "documents": [{"name": "Bằng", "pages": 0}]}"#
        XCTAssertThrowsError(try file(body, at: "2026-03-02T09:00:00+07:00")) { error in
            XCTAssertTrue("\(error)".contains("documents[0].pages"), "\(error)")
        }
    }

    /// Residence procedures are the commune police's, who receive them themselves: a centre
    /// refuses them with 422, naming the police, and nothing is decided.
    func testAProcedureCommuneCentresDoNotReceiveIsRefusedNamingItsBody() throws {
        for code in ["1.004194", "1.004222", "1.003197", "1.003677", "1.010041"] {
            XCTAssertThrowsError(try file(#"{"procedureCode": "\#(code)", \#(applicant)}}"#), code) { error in
                let refusal = error as? DossierRefusal
                XCTAssertEqual(refusal?.code, "not_received_at_commune_centre", code)
                XCTAssertTrue(refusal?.message.contains("Công an cấp xã (communePolice)") == true, "\(error)")
                XCTAssertEqual(refusal.map { ServiceError.refused($0).httpStatus }, 422, code)
            }
        }
    }

    /// A competent centre other than the receiving one (n1) is accepted only for a procedure
    /// filed regardless of boundaries: conciliation belongs where the land is.
    func testACompetentCentreElsewhereIsRefusedForAProcedureThatIsNotLocationIndependent() throws {
        let cases: [(code: String, competent: String, refusal: String?)] = [
            ("1.003554", "n2", "not_location_independent"),
            ("1.003554", "n1", nil),
            ("2.000815", "n2", nil),
            ("1.001193", "n2", nil),
        ]
        for (code, competent, expected) in cases {
            let body = #"{"procedureCode": "\#(code)", "competentCentre": "\#(competent)", \#(applicant)}}"#
            do {
                let decision = try file(body)
                XCTAssertNil(expected, "\(code) at \(competent) was accepted")
                XCTAssertEqual(decision.dossier.competentCentre, competent)
            } catch {
                XCTAssertEqual((error as? DossierRefusal)?.code, expected, "\(code) at \(competent): \(error)")
            }
        }
    }

    /// On a node divided into provinces (n1 and n2 of Hà Nội, n5 of Hồ Chí Minh), a procedure
    /// filed within the province only may name a competent centre of the receiving centre's
    /// province, not of another; one filed nationwide may name any.
    func testAProcedureFiledWithinTheProvinceOnlyIsRefusedForACompetentCentreOfAnotherProvince() throws {
        let hanoi = ProvinceCode("01")!, hcm = ProvinceCode("79")!
        let centres = CentreDirectory(
            standings: ["n1": .active, "n2": .active, "n5": .active], provinces: ["n1": hanoi, "n2": hanoi, "n5": hcm])
        let cases: [(code: String, competent: String, refusal: String?)] = [
            ("1.001193", "n2", nil),
            ("1.001193", "n5", "not_location_independent"),
            ("2.000884", "n5", nil),
            ("1.003554", "n5", "not_location_independent"),
        ]
        for (code, competent, expected) in cases {
            let body = #"{"procedureCode": "\#(code)", "competentCentre": "\#(competent)", \#(applicant)}}"#
            do {
                let decision = try file(body, centres: centres)
                XCTAssertNil(expected, "\(code) at \(competent) was accepted")
                XCTAssertEqual(decision.dossier.competentCentre, competent)
            } catch {
                XCTAssertEqual((error as? DossierRefusal)?.code, expected, "\(code) at \(competent): \(error)")
                if code == "1.001193" { XCTAssertTrue("\(error)".contains("of province 79"), "\(error)") }
            }
        }
    }
}
