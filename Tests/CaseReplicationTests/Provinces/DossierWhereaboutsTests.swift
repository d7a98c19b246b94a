import CaseCore
import XCTest
@testable import CaseReplication

/// Where a dossier a node does not hold is held (`DossierWhereabouts`): the rule behind
/// `404 not_held`.
final class DossierWhereaboutsTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let hoChiMinh = ProvinceCode("79")!

    /// A node of Hồ Chí Minh (n4) that places n1–n3 in Hà Nội and n4–n5 in Hồ Chí Minh.
    private var scope: StreamScope {
        var directory = ProvinceDirectory()
        for id in ["n1", "n2", "n3"] { directory.place(id, in: hanoi) }
        for id in ["n4", "n5"] { directory.place(id, in: hoChiMinh) }
        return StreamScope(province: hoChiMinh, directory: directory)
    }

    private func member(_ id: String, _ state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "\(id).example:7401", httpAddress: "\(id).example:7400", incarnation: 1, state: state)
    }

    private func locate(_ code: String, agencies: [String: String] = [:], members: [MemberRecord]) -> DossierWhereabouts? {
        DossierWhereabouts.locate(code: code, scope: scope, agencies: agencies, members: members)
    }

    func testTheCodesAgencyNamesTheReceivingCentreItsProvinceAndTheCentreItselfAsContact() throws {
        let found = try XCTUnwrap(locate("N2-261206-0007", members: [member("n1"), member("n2"), member("n4")]))
        XCTAssertEqual(found.nodeProvince, hoChiMinh)
        XCTAssertEqual(found.holder, DossierWhereabouts.Holder(
            receivingCentre: "n2", province: hanoi, contact: DossierWhereabouts.Contact(id: "n2", httpAddress: "n2.example:7400")))
        XCTAssertEqual(found.message, """
            dossier N2-261206-0007 is not held here: this node holds only the dossiers of province 79 (Thành phố Hồ Chí Minh) \
            and those shared with it; its code names centre n2 of province 01 (Thành phố Hà Nội), whose nodes hold it if it \
            exists: ask n2 at n2.example:7400
            """)
    }

    func testWhenTheReceivingCentreIsDownAnotherAliveMemberOfItsProvinceIsTheContact() throws {
        let members = [member("n1", .dead), member("n2", .suspect), member("n3"), member("n4"), member("n9")]
        let found = try XCTUnwrap(locate("N1-261206-0001", members: members))
        XCTAssertEqual(found.holder?.receivingCentre, "n1")
        XCTAssertEqual(found.holder?.contact, DossierWhereabouts.Contact(id: "n3", httpAddress: "n3.example:7400"))
    }

    func testNoAliveMemberOfTheProvinceMeansNoContactSaidPlainly() throws {
        let found = try XCTUnwrap(locate("N1-261206-0001", members: [member("n1", .dead), member("n4")]))
        XCTAssertEqual(found.holder?.province, hanoi)
        XCTAssertNil(found.holder?.contact)
        XCTAssertTrue(found.message.hasSuffix("no member of province 01 is known to be alive now"), found.message)
    }

    /// A configured `--agency` is not derivable from the id: it is known only when given.
    func testAGivenAgencyWinsOverTheDerivedOnes() throws {
        let found = try XCTUnwrap(locate("000.00.12.H56-261206-0042", agencies: ["000.00.12.H56": "n3"], members: [member("n3")]))
        XCTAssertEqual(found.holder?.receivingCentre, "n3")
        XCTAssertEqual(found.holder?.province, hanoi)
    }

    func testAnUnknownAgencyOrAMalformedCodeStillSaysWhichProvinceTheNodeHolds() throws {
        for code in ["000.00.12.H56-261206-0042", "not a code"] {
            let found = try XCTUnwrap(locate(code, members: [member("n1")]))
            XCTAssertNil(found.holder)
            XCTAssertEqual(found.message, """
                dossier \(code) is not held here: this node holds only the dossiers of province 79 (Thành phố Hồ Chí Minh) \
                and those shared with it; it may be held in another province, or not exist
                """)
        }
    }

    /// A centre of the node's own province received it: the node would hold it if it existed.
    func testACodeOfTheNodesOwnProvinceIsPlainlyNotFound() {
        XCTAssertNil(locate("N5-261206-0001", members: [member("n5")]))
    }

    func testANodeNotDividedIntoProvincesAnswersPlainlyNotFound() {
        XCTAssertNil(DossierWhereabouts.locate(code: "N1-261206-0001", scope: .single, agencies: [:], members: [member("n1")]))
    }

    /// Two centres whose ids give the same default agency (`ha-noi`, `ha_noi`): the code
    /// cannot tell them apart, so it names neither.
    func testAnAgencyTwoCentresCouldDeriveNamesNeither() {
        var directory = ProvinceDirectory()
        directory.place("ha-noi", in: hanoi)
        directory.place("ha_noi", in: hanoi)
        XCTAssertEqual(AgencyCode.derived(fromNodeID: "ha-noi"), "HA.NOI")
        XCTAssertNil(DossierWhereabouts.receivingCentre(ofCode: "HA.NOI-261206-0001", directory: directory, agencies: [:]))
        directory = ProvinceDirectory()
        directory.place("ha-noi", in: hanoi)
        XCTAssertEqual(DossierWhereabouts.receivingCentre(ofCode: "HA.NOI-261206-0001", directory: directory, agencies: [:]), "ha-noi")
    }

    func testTheAgencyOfACode() {
        XCTAssertEqual(DossierCode.agency(ofCode: "000.00.12.H56-250701-0042"), "000.00.12.H56")
        XCTAssertNil(DossierCode.agency(ofCode: "N1-2507-0042"))
        XCTAssertNil(DossierCode.agency(ofCode: ""))
    }
}
