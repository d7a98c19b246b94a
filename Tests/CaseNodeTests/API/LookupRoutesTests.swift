import CaseCore
import CaseNet
import CaseSupport
import Synchronization
import XCTest
@testable import CaseNode

/// The citizen lookup through the router: no token, the same 404 for a wrong PIN and an
/// unknown code, the limits on a clock the test moves, the PIN's re-issue and its receipt.
final class LookupRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!
    private let limiterNowMs = LimiterClock()

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        let clock = limiterNowMs
        router = APIRouter(
            service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, nodeName: "Xã Phước Long",
            lookupGuard: LookupGuard { clock.withLock { $0 } })
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private func send(
        _ method: String, _ target: String, body: String? = nil, token: String? = nil, anonymous: Bool = false, from client: String = "10.0.0.7",
        contentType: String = "application/json"
    ) throws -> HTTPResponse {
        var headers: HTTPHeaders = body == nil ? [:] : ["Content-Type": contentType]
        if !anonymous { headers = fixture.authorized(headers, token: token) }
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8), remoteHost: client))
    }

    /// Files a dossier; returns its code and the PIN the filing answered with.
    private func file() throws -> (code: String, pin: String) {
        let response = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody)
        XCTAssertEqual(response.status, 201, response.bodyText)
        let body = try response.jsonBody()
        return (try XCTUnwrap(body["code"]?.stringValue), try XCTUnwrap(body["lookupPin"]?.stringValue))
    }

    private func lookUp(_ code: String, _ pin: String, from client: String = "10.0.0.7") throws -> HTTPResponse {
        try send("GET", "/v1/lookup/\(code)?pin=\(pin)", anonymous: true, from: client)
    }

    private func wrong(_ pin: String) -> String { pin == "000000" ? "000001" : "000000" }

    func testTheFilingAnswersAPinOnceAndTheLookupNeedsNoToken() throws {
        let (code, pin) = try file()
        XCTAssertNotNil(LookupPin(parsing: pin))
        let stored = try send("GET", "/v1/dossiers/\(code)")
        XCTAssertNil(try stored.jsonBody()["lookupPin"], "reading the dossier never shows a PIN")
        XCTAssertFalse(stored.bodyText.contains("pbkdf2"), "nor its hash")
        let response = try lookUp(code, pin)
        XCTAssertEqual(response.status, 200, response.bodyText)
        XCTAssertEqual(try response.jsonBody(), [
            "code": .string(code), "status": "received", "statusText": "Đã tiếp nhận", "nextStep": "Không cần làm gì thêm; trung tâm đang xử lý hồ sơ.",
            "dueDate": "02/07/2025", "centre": "Xã Phước Long",
        ])
        XCTAssertEqual(response.headers["Cache-Control"], "no-store")
    }

    func testAWrongPinAndAnUnknownCodeGetTheSame404() throws {
        let (code, pin) = try file()
        let wrongPin = try lookUp(code, wrong(pin))
        let unknown = try lookUp("000.00.12.H56-250701-0999", pin)
        XCTAssertEqual(wrongPin.status, 404)
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(wrongPin.body, unknown.body)
        XCTAssertEqual(try wrongPin.jsonBody()["error"]?["code"], "not_found")
        XCTAssertFalse(wrongPin.bodyText.contains(code), "the answer does not even echo the code")
    }

    /// A dossier filed before PINs existed has none: every PIN is "not found" for it.
    func testADossierWithoutAPinIsNotFoundWhateverThePin() throws {
        let code = try fixture.service.file(ServiceFixture.filing()).code
        XCTAssertNil(try fixture.service.dossierForLookup(code: code)?.lookupPin)
        XCTAssertEqual(try lookUp(code, "000000").status, 404)
    }

    func testMalformedInputIs400AndCountsForNothing() throws {
        let (code, pin) = try file()
        for target in ["/v1/lookup/\(code)?pin=12345", "/v1/lookup/\(code)", "/v1/lookup/not-a-code?pin=123456", "/v1/lookup/\(code)?pin=12345a"] {
            let response = try send("GET", target, anonymous: true)
            XCTAssertEqual(response.status, 400, target)
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], "bad_lookup", target)
        }
        for _ in 0..<20 { _ = try send("GET", "/v1/lookup/\(code)?pin=1", anonymous: true) }
        XCTAssertEqual(try lookUp(code, pin).status, 200)
        XCTAssertEqual(try lookUp(code.lowercased(), pin).status, 200, "a code typed in lower case is found")
    }

    func testTheEleventhWrongAttemptWithinAMinuteFromOneAddressIs429UntilTheMinuteIsOver() throws {
        let (code, pin) = try file()
        for attempt in 1...10 {
            limiterNowMs.withLock { $0 = Int64(attempt) * 1_000 }
            XCTAssertEqual(try lookUp(code, wrong(pin)).status, 404, "attempt \(attempt)")
        }
        let refused = try lookUp(code, pin)
        XCTAssertEqual(refused.status, 429, "refused even with the right PIN: it would otherwise confirm a guess")
        XCTAssertEqual(refused.headers["Retry-After"], "51")
        XCTAssertEqual(try refused.jsonBody()["error"]?["code"], "too_many_attempts")
        XCTAssertEqual(try lookUp(code, pin, from: "10.0.0.8").status, 200, "another address is not held back")
        limiterNowMs.withLock { $0 = 61_000 }
        XCTAssertEqual(try lookUp(code, pin).status, 200, "the first wrong attempt left the window")
    }

    func testOneDossierIsLimitedWhateverTheAddresses() throws {
        let (code, pin) = try file()
        for bot in 1...20 { XCTAssertEqual(try lookUp(code, wrong(pin), from: "192.0.2.\(bot)").status, 404) }
        XCTAssertEqual(try lookUp(code, pin, from: "198.51.100.1").status, 429)
        limiterNowMs.withLock { $0 = 3_600_001 }
        XCTAssertEqual(try lookUp(code, pin, from: "198.51.100.1").status, 200)
    }

    func testAReissuedPinReplacesTheOldOne() throws {
        let (code, old) = try file()
        let response = try send("POST", "/v1/dossiers/\(code)/lookup-pin")
        XCTAssertEqual(response.status, 200, response.bodyText)
        let new = try XCTUnwrap(try response.jsonBody()["lookupPin"]?.stringValue)
        XCTAssertEqual(try lookUp(code, new).status, 200)
        if new != old { XCTAssertEqual(try lookUp(code, old).status, 404) }
        let history = try send("GET", "/v1/dossiers/\(code)").jsonBody()["history"]?.arrayValue ?? []
        XCTAssertEqual(history.last?["action"], "note")
        XCTAssertEqual(history.last?["note"], .string(DossierDecisions.lookupPinReissueNote))
    }

    func testOnlyTheReceivingOrHandlingCentreReissues() throws {
        let (code, _) = try file()
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(code)/lookup-pin", anonymous: true).status, 401)
        let monitor = try fixture.token(name: "Giám sát", role: .monitor)
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(code)/lookup-pin", token: monitor).status, 403)
        var elsewhere = ServiceFixture.filing()
        elsewhere.competentCentre = "n2"
        let other = try fixture.service.file(elsewhere).code
        let ownClerk = try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "n1")
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(other)/lookup-pin", token: ownClerk).status, 200, "n1 received it, n2 handles it")
        XCTAssertEqual(try send("POST", "/v1/dossiers/000.00.12.H56-250701-0999/lookup-pin").status, 404)
    }

    /// Only the node makes PINs: a hash sent by a client, at filing or in a step, is refused.
    func testAClientCannotSetAPinHashItself() throws {
        let hash = LookupPinHash.make(LookupPin(parsing: "111111")!) { Array(repeating: 1, count: $0) }.encoded
        let filing = #"{"procedureCode": "1.001612", "applicant": {"fullName": "A", "idNumber": "001090012345"}, "lookupPinHash": "\#(hash)"}"#
        XCTAssertEqual(try send("POST", "/v1/dossiers", body: filing).status, 422)
        let (code, _) = try file()
        let note = #"{"action": "note", "note": "x", "lookupPinHash": "\#(hash)"}"#
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(code)/actions", body: note).status, 422)
        XCTAssertEqual(try lookUp(code, "111111").status, 404)
    }

    func testAReplayedFilingShowsNoPin() throws {
        var headers = fixture.authorized(["Content-Type": "application/json"])
        headers.add("Idempotency-Key", "lookup-test-key-0001")
        let request = try HTTPRequest(method: "POST", target: "/v1/dossiers", headers: headers, body: Array(APIRouterTests.filingBody.utf8))
        XCTAssertNotNil(try router.handle(request).jsonBody()["lookupPin"])
        let replay = router.handle(request)
        XCTAssertEqual(replay.headers["Idempotent-Replayed"], "true")
        XCTAssertNil(try replay.jsonBody()["lookupPin"], "the retry cannot know the PIN the first request made")
    }

    func testTheReceiptPrintsThePinItIsGivenAndRefusesAnother() throws {
        let (code, pin) = try file()
        let printed = try send("POST", "/v1/dossiers/\(code)/forms/01", body: #"{"lookupPin": "\#(pin)"}"#)
        XCTAssertEqual(printed.status, 200, printed.bodyText)
        XCTAssertTrue(printed.bodyText.contains("Mã PIN tra cứu: <b class=\"pin\">\(pin)</b>"))
        XCTAssertFalse(try send("GET", "/v1/dossiers/\(code)/forms/01").bodyText.contains("Mã PIN"), "a plain reprint has no PIN")
        let mismatch = try send("POST", "/v1/dossiers/\(code)/forms/01", body: #"{"lookupPin": "\#(wrong(pin))"}"#)
        XCTAssertEqual(mismatch.status, 422)
        XCTAssertEqual(try mismatch.jsonBody()["error"]?["code"], "lookup_pin_mismatch")
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(code)/forms/01", body: #"{"lookupPin": "12"}"#).status, 422)
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(code)/forms/05", body: #"{"lookupPin": "\#(pin)"}"#).status, 405)
    }

    func testThePageIsTheFormWithTheCodeFromTheQRCodeAndAnswersItsPost() throws {
        let (code, pin) = try file()
        let blank = try send("GET", "/tra-cuu?ma=\(code)&pin=\(pin)", anonymous: true)
        XCTAssertEqual(blank.status, 200)
        XCTAssertEqual(blank.headers["Content-Type"], "text/html; charset=utf-8")
        XCTAssertTrue(blank.bodyText.contains(#"value="\#(code)""#))
        XCTAssertFalse(blank.bodyText.contains(pin), "a PIN in the address is neither used nor echoed")
        XCTAssertTrue(blank.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)

        let found = try send("POST", "/tra-cuu", body: "ma=\(code)&pin=\(pin)", anonymous: true, contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(found.status, 200)
        XCTAssertTrue(found.bodyText.contains("Đã tiếp nhận"))
        XCTAssertFalse(found.bodyText.contains("Nguyễn"), "nothing personal")

        let wrongPin = try send("POST", "/tra-cuu", body: "ma=\(code)&pin=\(wrong(pin))", anonymous: true, contentType: "application/x-www-form-urlencoded")
        let unknown = try send("POST", "/tra-cuu", body: "ma=000.00.12.H56-250701-0999&pin=\(pin)", anonymous: true, contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(wrongPin.status, 404)
        XCTAssertEqual(unknown.status, 404)
        XCTAssertTrue(wrongPin.bodyText.contains(LookupPage.notFoundMessage))
        XCTAssertTrue(unknown.bodyText.contains(LookupPage.notFoundMessage))
        XCTAssertEqual(try send("PUT", "/tra-cuu", anonymous: true).status, 405)
    }

    func testThePageSaysPlainlyWhenTooManyAttemptsWereMade() throws {
        let (code, pin) = try file()
        for _ in 1...10 { _ = try lookUp(code, wrong(pin)) }
        let page = try send("POST", "/tra-cuu", body: "ma=\(code)&pin=\(pin)", anonymous: true, contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(page.status, 429)
        XCTAssertEqual(page.headers["Retry-After"], "60")
        XCTAssertTrue(page.bodyText.contains("Đã nhập sai quá nhiều lần"))
    }
}

/// The limiter's clock, moved by hand.
final class LimiterClock: Sendable {
    private let ms = Mutex<Int64>(0)

    func withLock<Result>(_ body: (inout Int64) -> Result) -> Result {
        ms.withLock { body(&$0) }
    }
}

/// Behind a reverse proxy (`--lookup-trusted-proxy`) the limits count each citizen the proxy
/// forwarded, and nobody else can choose whom a request counts against.
final class LookupBehindProxyTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        router = APIRouter(
            service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, lookupGuard: LookupGuard(trustedProxy: "127.0.0.1") { 0 })
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private func lookUp(_ code: String, _ pin: String, from client: String, forwardedFor: String? = nil) throws -> Int {
        let headers: HTTPHeaders = forwardedFor.map { ["X-Forwarded-For": $0] } ?? [:]
        return router.handle(try HTTPRequest(method: "GET", target: "/v1/lookup/\(code)?pin=\(pin)", headers: headers, remoteHost: client)).status
    }

    private func file() throws -> (code: String, pin: String) {
        let filed = router.handle(try HTTPRequest(
            method: "POST", target: "/v1/dossiers", headers: fixture.authorized(["Content-Type": "application/json"]),
            body: Array(APIRouterTests.filingBody.utf8)))
        return (try XCTUnwrap(try filed.jsonBody()["code"]?.stringValue), try XCTUnwrap(try filed.jsonBody()["lookupPin"]?.stringValue))
    }

    func testThroughTheProxyEachCitizenHasItsOwnAllowance() throws {
        let (code, pin) = try file()
        let wrong = pin == "000000" ? "000001" : "000000"
        for _ in 1...10 { XCTAssertEqual(try lookUp(code, wrong, from: "127.0.0.1", forwardedFor: "203.0.113.5, 198.51.100.7"), 404) }
        XCTAssertEqual(try lookUp(code, pin, from: "127.0.0.1", forwardedFor: "198.51.100.7"), 429, "the citizen the proxy named")
        XCTAssertEqual(try lookUp(code, pin, from: "127.0.0.1", forwardedFor: "198.51.100.8"), 200, "another citizen behind the same proxy")
        XCTAssertEqual(try lookUp(code, pin, from: "192.0.2.50", forwardedFor: "198.51.100.7"), 200, "a header from anyone else is ignored")
    }

    /// (A second dossier each: the per-code limit stays out of the way.)
    func testNoOneButTheProxyCanSpendACitizensAllowance() throws {
        let (code, pin) = try file()
        let wrong = pin == "000000" ? "000001" : "000000"
        for _ in 1...10 { XCTAssertEqual(try lookUp(code, wrong, from: "192.0.2.60", forwardedFor: "198.51.100.9"), 404) }
        XCTAssertEqual(try lookUp(code, pin, from: "192.0.2.60"), 429, "counted against the sender")
        let other = try file()
        XCTAssertEqual(try lookUp(other.code, other.pin, from: "127.0.0.1", forwardedFor: "198.51.100.9"), 200, "not against the address it named")
    }
}
