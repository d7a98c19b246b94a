import CaseCore
import CaseNet
import CaseReplication
import CaseSupport
import XCTest
@testable import CaseNode

/// A dossier the node does not hold, asked for through the API: `404 not_held` naming the
/// province that holds it on a node divided into provinces, the plain `404 not_found`
/// otherwise (docs/provinces.md, "What a clerk sees").
final class NotHeldRoutesTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let hoChiMinh = ProvinceCode("79")!
    /// Received at n1, a centre of Hà Nội: its default agency is N1.
    private let hanoiCode = "N1-261206-0001"

    /// n4, a node of Hồ Chí Minh (agency 000.00.12.H56) that places n1–n3 in Hà Nội; it sees
    /// n1 dead and n2 alive, so n2 is the contact.
    private func dividedNode() throws -> (ServiceFixture, APIRouter) {
        var directory = ProvinceDirectory()
        for id in ["n1", "n2", "n3"] { directory.place(id, in: hanoi) }
        directory.place("n4", in: hoChiMinh)
        let fixture = try ServiceFixture(now: "2026-12-06T09:00:00+07:00", nodeID: "n4", streams: StreamScope(province: hoChiMinh, directory: directory))
        addTeardownBlock { fixture.store.close() }
        fixture.service.learnContacts {
            [("n1", MemberState.dead), ("n2", .alive), ("n4", .alive)].map { id, state in
                MemberRecord(id: id, peerAddress: "\(id).example:7401", httpAddress: "\(id).example:7400", incarnation: 1, state: state)
            }
        }
        return (fixture, APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, province: hoChiMinh))
    }

    func testADividedNodeNamesTheProvinceAndALiveContactForADossierOfAnother() throws {
        let (fixture, router) = try dividedNode()
        let response = try send(router, fixture, "GET", "/v1/dossiers/\(hanoiCode)")
        XCTAssertEqual(response.status, 404)
        let error = try XCTUnwrap(try response.jsonBody()["error"])
        XCTAssertEqual(error["code"], "not_held")
        XCTAssertEqual(error["dossier"], .string(hanoiCode))
        XCTAssertEqual(error["nodeProvince"], ["code": "79", "name": "Thành phố Hồ Chí Minh"])
        XCTAssertEqual(error["province"], ["code": "01", "name": "Thành phố Hà Nội"])
        XCTAssertEqual(error["receivingCentre"], "n1")
        XCTAssertEqual(error["contact"], ["id": "n2", "httpAddress": "n2.example:7400"])
        let message = try XCTUnwrap(error["message"]?.stringValue)
        XCTAssertTrue(message.contains("province 01 (Thành phố Hà Nội)") && message.hasSuffix("ask n2 at n2.example:7400"), message)
    }

    /// The forms, a step, an admin's settling and the lookup PIN's re-issue are asked of the dossier too.
    func testEveryRequestOnTheDossierAnswersNotHeld() throws {
        let (fixture, router) = try dividedNode()
        let requests: [(method: String, target: String, body: String?)] = [
            ("GET", "/v1/dossiers/\(hanoiCode)/forms/05", nil),
            ("POST", "/v1/dossiers/\(hanoiCode)/actions", #"{"action": "start"}"#),
            ("POST", "/v1/dossiers/\(hanoiCode)/actions", #"{"action": "settle", "note": "giữ kết quả"}"#),
            ("POST", "/v1/dossiers/\(hanoiCode)/lookup-pin", nil),
        ]
        for (method, target, body) in requests {
            let response = try send(router, fixture, method, target, body: body)
            XCTAssertEqual(response.status, 404, "\(method) \(target)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], "not_held", "\(method) \(target): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["province"]?["code"], "01", "\(method) \(target)")
        }
    }

    func testAnAgencyTheNodeCannotPlaceStillSaysWhichProvinceItHolds() throws {
        let (fixture, router) = try dividedNode()
        let response = try send(router, fixture, "GET", "/v1/dossiers/000.00.99.X01-261206-0001")
        XCTAssertEqual(response.status, 404)
        let error = try XCTUnwrap(try response.jsonBody()["error"])
        XCTAssertEqual(error["code"], "not_held")
        XCTAssertEqual(error["nodeProvince"]?["code"], "79")
        XCTAssertEqual(error["province"], .null)
        XCTAssertEqual(error["contact"], .null)
        XCTAssertTrue(error["message"]?.stringValue?.hasSuffix("it may be held in another province, or not exist") == true, response.bodyText)
    }

    /// The node's own agency: it would hold the dossier if it existed.
    func testACodeOfTheNodesOwnProvinceIsPlainlyNotFound() throws {
        let (fixture, router) = try dividedNode()
        let response = try send(router, fixture, "GET", "/v1/dossiers/000.00.12.H56-261206-0099")
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(try response.jsonBody()["error"]?["code"], "not_found")
    }

    /// A centre configured with `--agency` is known by the dossiers held here that it received.
    func testTheAgencyOfADossierHeldHereNamesItsReceivingCentre() throws {
        let (fixture, _) = try dividedNode()
        let code = try fixture.service.file(ServiceFixture.filing()).code
        XCTAssertEqual(try fixture.store.read { try $0.receivingCentre(ofAgency: "000.00.12.H56") }, "n4", code)
        for other in ["000.00.12", "000.00.12.H5", "000.00.12.H56.1"] {
            XCTAssertNil(try fixture.store.read { try $0.receivingCentre(ofAgency: other) }, other)
        }
    }

    func testANodeNotDividedAnswersThePlainNotFoundAsBefore() throws {
        let fixture = try ServiceFixture(now: "2026-12-06T09:00:00+07:00")
        addTeardownBlock { fixture.store.close() }
        let router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
        let response = try send(router, fixture, "GET", "/v1/dossiers/\(hanoiCode)")
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(try response.jsonBody(), ["error": ["code": "not_found", "message": .string("no dossier \(hanoiCode) on this node")]])
    }

    private func send(_ router: APIRouter, _ fixture: ServiceFixture, _ method: String, _ target: String, body: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"])
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }
}
