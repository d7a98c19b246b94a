import CaseCore
import CaseNet
import Synchronization
import TestSupport
import XCTest
@testable import CaseNode

/// Lookup PINs hashed ahead: each handed out once, the reserve kept full from start to stop,
/// and a filing answering with the PIN it took.
final class LookupPinReserveTests: XCTestCase {
    /// Makes PINs 000001, 000002, … (cheap hashes: one iteration), counting them.
    private final class NumberedPins: Sendable {
        let made = Mutex(0)

        func make() -> PreparedLookupPin {
            let number = made.withLock { count in
                count += 1
                return count
            }
            let pin = LookupPin(parsing: String(format: "%06d", number))!
            return PreparedLookupPin(pin: pin, hash: LookupPinHash.make(pin, using: { [UInt8](repeating: UInt8(number % 256), count: $0) }))
        }
    }

    /// A started reserve of `capacity` numbered PINs, once full.
    private func filledReserve(capacity: Int, _ pins: NumberedPins) throws -> LookupPinReserve {
        let reserve = LookupPinReserve(capacity: capacity, make: pins.make)
        reserve.start()
        try eventually("the reserve holds \(capacity) PINs", within: Eventually.inProcessSeconds) { reserve.readyCount == capacity }
        return reserve
    }

    func testAReserveNeverStartedMakesEachPinWhenTaken() {
        let pins = NumberedPins()
        let reserve = LookupPinReserve(capacity: 4, make: pins.make)
        XCTAssertEqual(reserve.take().pin.text, "000001")
        XCTAssertEqual(reserve.take().pin.text, "000002")
        XCTAssertEqual(reserve.readyCount, 0, "nothing made ahead")
        XCTAssertEqual(pins.made.withLock { $0 }, 2)
    }

    func testAStartedReserveFillsUpAndHandsOutWhatItMadeAhead() throws {
        let pins = NumberedPins()
        let reserve = try filledReserve(capacity: 3, pins)
        let taken = reserve.take()
        XCTAssertLessThanOrEqual(Int(taken.pin.text)!, 3, "one of the three made before the take")
        XCTAssertTrue(taken.hash.verifies(taken.pin))
        XCTAssertLessThanOrEqual(reserve.readyCount, 3, "never more than its capacity")
        try eventually("the reserve made one more for the one taken", within: Eventually.inProcessSeconds) { reserve.readyCount == 3 }
        XCTAssertEqual(pins.made.withLock { $0 }, 4, "then stopped at its capacity")
        reserve.stop()
    }

    func testEveryPinIsHandedOutOnceUnderConcurrentTakes() throws {
        let reserve = try filledReserve(capacity: 8, NumberedPins())
        let taken = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let pin = reserve.take().pin.text
            taken.withLock { $0.append(pin) }
        }
        reserve.stop()
        let all = taken.withLock { $0 }
        XCTAssertEqual(all.count, 64)
        XCTAssertEqual(Set(all).count, 64, "no PIN handed out twice")
    }

    func testAStoppedReserveMakesNoMoreAhead() throws {
        let pins = NumberedPins()
        let reserve = try filledReserve(capacity: 2, pins)
        reserve.stop()
        _ = reserve.take()
        _ = reserve.take()
        XCTAssertEqual(reserve.take().pin.text, "000003", "empty and stopped: made when taken")
        XCTAssertEqual(pins.made.withLock { $0 }, 3, "nothing refilled after the stop")
    }

    func testTheSystemsPinVerifiesAgainstItsHash() {
        let prepared = PreparedLookupPin.make()
        XCTAssertTrue(prepared.hash.verifies(prepared.pin))
        XCTAssertEqual(prepared.hash.iterations, LookupPinHash.defaultIterations)
    }

    func testAFilingAnswersWithThePinItTookFromTheReserve() throws {
        let fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        defer { fixture.store.close() }
        let reserve = try filledReserve(capacity: 1, NumberedPins())
        reserve.stop()
        let router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, lookupPins: reserve)
        let headers = fixture.authorized(["Content-Type": "application/json"])
        let response = router.handle(try HTTPRequest(method: "POST", target: "/v1/dossiers", headers: headers, body: Array(APIRouterTests.filingBody.utf8)))
        XCTAssertEqual(response.status, 201, response.bodyText)
        XCTAssertEqual(try response.jsonBody()["lookupPin"]?.stringValue, "000001", "the PIN made ahead")
        let code = try XCTUnwrap(try response.jsonBody()["code"]?.stringValue)
        let stored = try XCTUnwrap(try fixture.service.dossierForLookup(code: code)?.lookupPin)
        XCTAssertTrue(stored.verifies(LookupPin(parsing: "000001")!), "the dossier keeps the hash made with it")
    }
}
