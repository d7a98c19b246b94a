import CaseCore
import CaseNet
import CaseStorage
import XCTest
@testable import CaseNode
import CaseSupport

/// `Idempotency-Key` on filings and steps, in-process: the same key and request answer the
/// original dossier (200, nothing new saved), a different request under the key is 422, a
/// malformed key 400, and one caller's key never answers for another.
final class IdempotencyRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private static let key = "clerk-retry-0001-abcdef"
    private static let filing = #"{"procedureCode": "1.001612", "applicant": {"fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"}}"#

    private func post(_ target: String, _ body: String, key: String? = key, token: String? = nil) throws -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.add("Idempotency-Key", key) }
        let request = try HTTPRequest(method: "POST", target: target, headers: fixture.authorized(headers, token: token), body: Array(body.utf8))
        return router.handle(request)
    }

    private func eventCount() throws -> Int64 {
        try fixture.store.read { try $0.eventCount() }
    }

    private func code(_ response: HTTPResponse) throws -> String {
        try XCTUnwrap(try response.jsonBody()["code"]?.stringValue, response.bodyText)
    }

    func testARetriedFilingAnswersTheSameDossierWith200AndSavesNothing() throws {
        let first = try post("/v1/dossiers", Self.filing)
        XCTAssertEqual(first.status, 201, first.bodyText)
        XCTAssertNil(first.headers["Idempotent-Replayed"])
        // The same body with its keys in another order and its name decomposed (NFD) is the same request.
        let reordered = #"{"applicant": {"idNumber": "001090012345", "fullName": "Nguyễn Văn Ánh"}, "procedureCode": "1.001612"}"#
            .decomposedStringWithCanonicalMapping
        for body in [Self.filing, reordered] {
            let retry = try post("/v1/dossiers", body)
            XCTAssertEqual(retry.status, 200, retry.bodyText)
            XCTAssertEqual(retry.headers["Idempotent-Replayed"], "true")
            XCTAssertEqual(try code(retry), try code(first))
            XCTAssertEqual(retry.headers["Location"], "/v1/dossiers/\(try code(first))")
        }
        XCTAssertEqual(try eventCount(), 1, "one filing, one event")
    }

    func testTheSameKeyWithADifferentRequestIs422AndChangesNothing() throws {
        let first = try post("/v1/dossiers", Self.filing)
        XCTAssertEqual(first.status, 201, first.bodyText)
        let other = Self.filing.replacingOccurrences(of: "001090012345", with: "001090012346")
        let refused = try post("/v1/dossiers", other)
        XCTAssertEqual(refused.status, 422, refused.bodyText)
        XCTAssertEqual(try refused.jsonBody()["error"]?["code"], "idempotency_key_reused")
        XCTAssertTrue(try XCTUnwrap(try refused.jsonBody()["error"]?["message"]?.stringValue).contains(try code(first)))
        // A step under the filing's key is a different request too.
        let step = try post("/v1/dossiers/\(try code(first))/actions", #"{"action": "start"}"#)
        XCTAssertEqual(step.status, 422, step.bodyText)
        XCTAssertEqual(try eventCount(), 1)
    }

    func testARetriedStepIsTakenOnce() throws {
        let filed = try code(try post("/v1/dossiers", Self.filing, key: nil))
        let stepKey = "step-key-0000000000001"
        let first = try post("/v1/dossiers/\(filed)/actions", #"{"action": "start", "note": "bắt đầu"}"#, key: stepKey)
        XCTAssertEqual(first.status, 200, first.bodyText)
        let retry = try post("/v1/dossiers/\(filed)/actions", #"{"action": "start", "note": "bắt đầu"}"#, key: stepKey)
        XCTAssertEqual(retry.status, 200, retry.bodyText)
        XCTAssertEqual(retry.headers["Idempotent-Replayed"], "true")
        XCTAssertEqual(try retry.jsonBody()["status"], "processing")
        XCTAssertEqual(try retry.jsonBody()["version"], try first.jsonBody()["version"])
        XCTAssertEqual(try eventCount(), 2, "the filing and one start")
        // Without the key the same step is a new request, and illegal now.
        XCTAssertEqual(try post("/v1/dossiers/\(filed)/actions", #"{"action": "start", "note": "bắt đầu"}"#, key: nil).status, 409)
    }

    func testOneCallersKeyDoesNotAnswerAnothers() throws {
        let other = try fixture.token(name: "admin two", role: .admin)
        let first = try post("/v1/dossiers", Self.filing)
        let second = try post("/v1/dossiers", Self.filing, token: other)
        XCTAssertEqual(first.status, 201, first.bodyText)
        XCTAssertEqual(second.status, 201, second.bodyText)
        XCTAssertNotEqual(try code(first), try code(second))
    }

    func testAMalformedKeyIs400AndNothingIsSaved() throws {
        let cases = [
            ("too short", "short-key"), ("too long", String(repeating: "k", count: 129)), ("a space", "key with a space 0000"),
            ("not ASCII", "khóa-thử-lại-0000000"),
        ]
        for (name, key) in cases {
            let response = try post("/v1/dossiers", Self.filing, key: key)
            XCTAssertEqual(response.status, 400, "\(name): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], "invalid_idempotency_key", name)
        }
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Idempotency-Key": Self.key]
        headers.add("Idempotency-Key", "another-key-00000000")
        let twice = router.handle(try HTTPRequest(method: "POST", target: "/v1/dossiers", headers: fixture.authorized(headers), body: Array(Self.filing.utf8)))
        XCTAssertEqual(twice.status, 400, twice.bodyText)
        XCTAssertEqual(try eventCount(), 0)
    }
}
