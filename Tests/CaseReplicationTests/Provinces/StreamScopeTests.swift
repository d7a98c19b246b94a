import CaseCore
import XCTest
import TestSupport
@testable import CaseReplication

/// Stream keys and who may be given what (`StreamScope`).
final class StreamScopeTests: XCTestCase {
    let hanoi = ProvinceCode("01")!
    let hcm = ProvinceCode("79")!

    private var directory: ProvinceDirectory {
        var directory = ProvinceDirectory()
        directory.place("a", in: hanoi)
        directory.place("b", in: hanoi)
        directory.place("c", in: hcm)
        return directory
    }

    func testWithoutProvincesEveryKeyIsAnOriginAndEveryPeerSharesTheStreams() {
        let scope = StreamScope.single
        XCTAssertFalse(scope.isDivided)
        XCTAssertEqual(scope.key(of: "c"), "c")
        XCTAssertTrue(scope.sharesStreams(with: "anyone"))
        XCTAssertTrue(scope.holdsDensely("anyone"))
    }

    func testANodeHoldsItsProvincesOriginsDenselyAndOthersAsSparseStreamsOfItsProvince() {
        let scope = StreamScope(province: hanoi, directory: directory)
        XCTAssertEqual(scope.key(of: "b"), "b")
        XCTAssertEqual(scope.key(of: "c"), "c@01")
        XCTAssertEqual(scope.key(of: "unknown"), "unknown@01", "an origin it cannot place is not one of its province")
        XCTAssertTrue(scope.sharesStreams(with: "b"))
        XCTAssertFalse(scope.sharesStreams(with: "c"))
        XCTAssertFalse(scope.sharesStreams(with: "unknown"))
        XCTAssertEqual(StreamScope.origin(ofKey: "c@01"), "c")
        XCTAssertEqual(StreamScope.origin(ofKey: "c"), "c")
    }

    func testAnEventGoesToTheProvincesItIsTaggedWithAndAnUntaggedOneToItsOriginsOnly() {
        let scope = StreamScope(province: hanoi, directory: directory)
        let untagged = TestEvents.filed("A-1", origin: "a", sequence: 1)
        XCTAssertTrue(scope.mayReceive(untagged, inProvince: hanoi))
        XCTAssertFalse(scope.mayReceive(untagged, inProvince: hcm))
        let both = retagged(untagged, [StreamTag(province: hanoi, previousSequence: 0, previousLink: []),
                                        StreamTag(province: hcm, previousSequence: 0, previousLink: [])])
        XCTAssertTrue(scope.mayReceive(both, inProvince: hcm))
        XCTAssertFalse(scope.mayReceive(both, inProvince: ProvinceCode("48")!))
    }

    private func retagged(_ event: ChangeEvent, _ tags: [StreamTag]) -> ChangeEvent {
        ChangeEvent(
            origin: event.origin, sequence: event.sequence, timestamp: event.timestamp, dossierCode: event.dossierCode,
            kind: event.kind, actor: event.actor, centre: event.centre, payload: event.payload, tags: tags)
    }
}
