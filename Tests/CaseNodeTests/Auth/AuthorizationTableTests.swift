import CaseNet
import XCTest
@testable import CaseNode

/// Every route × every role: who gets through, who hears 401 or 403.
final class AuthorizationTableTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!
    private var code = ""

    override func setUpWithError() throws {
        fixture = try ServiceFixture(nodeID: "n1")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
        code = try fixture.service.file(ServiceFixture.filing()).code
    }

    override func tearDown() {
        fixture?.store.close()
    }

    /// One request per route and method. The switch is exhaustive: a new route does not
    /// compile until it is added here, so the table always covers every route.
    private func requests(for route: Route) -> [(method: String, target: String, body: String?, expected: APIPermission)] {
        switch route {
        case .health: return [("GET", "/healthz", nil, .open)]
        case .metrics: return [("GET", "/metrics", nil, .read)]
        case .procedures: return [("GET", "/v1/procedures", nil, .read)]
        case .cluster: return [("GET", "/v1/cluster", nil, .read)]
        case .conflicts: return [("GET", "/v1/conflicts", nil, .read)]
        case .events: return [("GET", "/v1/events", nil, .read)]
        case .digest: return [("GET", "/v1/digest", nil, .read)]
        case .digestDossiers: return [("GET", "/v1/digest/dossiers", nil, .read)]
        case .reports: return [("GET", "/v1/reports", nil, .read)]
        case .adminAudit: return [("GET", "/v1/admin/audit", nil, .admin)]
        case .dossier: return [("GET", "/v1/dossiers/\(code)", nil, .read)]
        case .dossiers:
            return [
                ("GET", "/v1/dossiers", nil, .read),
                ("POST", "/v1/dossiers", APIRouterTests.filingBody, .centreWrite),
            ]
        case .actions:
            return [
                ("POST", "/v1/dossiers/\(code)/actions", #"{"action": "note", "note": "gọi điện"}"#, .centreWrite),
                ("POST", "/v1/dossiers/\(code)/actions", #"{"action": "settle", "note": "x"}"#, .admin),
            ]
        case .adminRetire: return [("POST", "/v1/admin/retire", #"{"node": "n3", "successor": "n2"}"#, .admin)]
        case .adminReadmit: return [("POST", "/v1/admin/readmit", #"{"node": "n3"}"#, .admin)]
        case .debugStorage: return [("POST", "/v1/debug/storage", "{}", .admin)]
        case .adminBackup: return [("POST", "/v1/admin/backup", #"{"file": "x/y.sqlite"}"#, .admin)]
        case .adminBackupStatus: return [("GET", "/v1/admin/backup/status", nil, .admin)]
        case .adminTokens:
            return [
                ("GET", "/v1/admin/tokens", nil, .admin),
                ("POST", "/v1/admin/tokens", #"{"name": "Giám sát", "role": "monitor"}"#, .admin),
            ]
        case .adminTokenRevoke: return [("POST", "/v1/admin/tokens/00000000000000aa/revoke", nil, .admin)]
        case .dossierForm:
            return [
                ("GET", "/v1/dossiers/\(code)/forms/01", nil, .read),
                ("POST", "/v1/dossiers/\(code)/forms/01", #"{"lookupPin": "000000"}"#, .read),
            ]
        case .lookup: return [("GET", "/v1/lookup/\(code)?pin=000000", nil, .open)]
        case .lookupPage: return [("GET", "/tra-cuu?ma=\(code)", nil, .open), ("POST", "/tra-cuu", "ma=\(code)&pin=1", .open)]
        case .lookupPin: return [("POST", "/v1/dossiers/\(code)/lookup-pin", nil, .centreWrite)]
        case .register: return [("GET", "/v1/forms/06", nil, .read)]
        case .holidays: return [("GET", "/v1/holidays", nil, .read)]
        case .adminHolidays: return [("POST", "/v1/admin/holidays", #"{"schedule": "x"}"#, .admin)]
        case .provinces: return [("GET", "/v1/provinces", nil, .read)]
        case .adminProvinceMerges: return [("POST", "/v1/admin/province-merges", #"{"merge": "x"}"#, .admin)]
        case .unknown: return [("GET", "/v1/nothing-here", nil, .read)]
        }
    }

    private var everyRoute: [Route] {
        [
            .health, .metrics, .procedures, .cluster, .conflicts, .events, .digest, .digestDossiers, .reports, .dossier(code),
            .dossiers, .actions(code), .adminRetire, .adminReadmit, .debugStorage, .adminBackup, .adminBackupStatus,
            .adminTokens, .adminTokenRevoke("00000000000000aa"), .dossierForm(code: code, form: "01"), .register("06"), .unknown,
            .lookup(code), .lookupPage, .lookupPin(code), .holidays, .adminHolidays, .provinces, .adminProvinceMerges,
        ]
    }

    func testEveryRouteHasThePermissionTheTableSays() throws {
        for route in everyRoute {
            for sample in requests(for: route) {
                let request = try HTTPRequest(method: sample.method, target: sample.target, body: Array((sample.body ?? "").utf8))
                XCTAssertEqual(Route(request), route, sample.target)
                let settles = route.isActions && APIRouter.asksToSettle(request)
                XCTAssertEqual(route.requiredPermission(method: sample.method, settles: settles), sample.expected, "\(sample.method) \(sample.target)")
            }
        }
    }

    func testEveryRoleMeetsExactlyTheRoutesItsPermissionAllows() throws {
        let tokens: [(label: String, token: String?)] = [
            ("none", nil),
            ("monitor", try fixture.token(name: "Giám sát Sở", role: .monitor)),
            ("clerk n1", try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "n1")),
            ("clerk n2", try fixture.token(name: "Trần Văn Bình", role: .clerk, centre: "n2")),
            ("admin", fixture.adminToken),
        ]
        for route in everyRoute {
            for sample in requests(for: route) {
                for (label, token) in tokens {
                    var headers: HTTPHeaders = sample.body == nil ? [:] : ["Content-Type": "application/json"]
                    if let token { headers.add("Authorization", "Bearer \(token)") }
                    let response = router.handle(try HTTPRequest(
                        method: sample.method, target: sample.target, headers: headers, body: Array((sample.body ?? "").utf8)))
                    let context = "\(label): \(sample.method) \(sample.target) → \(response.status) \(response.bodyText)"
                    switch Self.expectedRefusal(sample.expected, role: label) {
                    case 401?:
                        XCTAssertEqual(response.status, 401, context)
                        XCTAssertEqual(response.headers["WWW-Authenticate"], #"Bearer realm="casestore""#, context)
                    case 403?:
                        XCTAssertEqual(response.status, 403, context)
                        let code = try response.jsonBody()["error"]?["code"]?.stringValue
                        // The head is judged before the body says whether it settles: on the actions
                        // route a clerk of another centre is refused as such even for a settle.
                        let wrongCentre = label == "clerk n2" && (sample.expected == .centreWrite || route.isActions)
                        XCTAssertEqual(code, wrongCentre ? "wrong_centre" : "forbidden", context)
                    default:
                        XCTAssertFalse([401, 403].contains(response.status), context)
                    }
                }
            }
        }
    }

    /// The route admits a clerk of this centre to every step; which dossiers it may then act
    /// on is the decision's (`DossierLane`): a step on one another centre handles is 403
    /// `not_handling_centre`, the last row of docs/security-api.md's table.
    func testAStepOnADossierAnotherCentreHandlesPassesTheRouteAndIsRefusedByTheLane() throws {
        var filing = ServiceFixture.filing()
        filing.competentCentre = "n2"
        let elsewhere = try fixture.service.file(filing).code
        let callers: [(label: String, token: String, status: Int, code: String?)] = [
            ("monitor", try fixture.token(name: "Giám sát Sở", role: .monitor), 403, "forbidden"),
            ("clerk n1", try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "n1"), 403, "not_handling_centre"),
            ("clerk n2", try fixture.token(name: "Trần Văn Bình", role: .clerk, centre: "n2"), 403, "wrong_centre"),
            ("admin", fixture.adminToken, 200, nil),
        ]
        for caller in callers {
            let response = router.handle(try HTTPRequest(
                method: "POST", target: "/v1/dossiers/\(elsewhere)/actions",
                headers: fixture.authorized(["Content-Type": "application/json"], token: caller.token), body: Array(#"{"action": "start"}"#.utf8)))
            XCTAssertEqual(response.status, caller.status, "\(caller.label): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"]?.stringValue, caller.code, caller.label)
        }
    }

    /// What the table means for each caller.
    private static func expectedRefusal(_ permission: APIPermission, role: String) -> Int? {
        switch (permission, role) {
        case (.open, _): return nil
        case (_, "none"): return 401
        case (.read, _): return nil
        case (.centreWrite, "clerk n1"), (_, "admin"): return nil
        default: return 403
        }
    }
}
