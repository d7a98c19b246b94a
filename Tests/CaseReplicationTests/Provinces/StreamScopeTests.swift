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
        XCTAssertEqual(scope.keys(of: "c"), ["c"])
        XCTAssertTrue(scope.sharesStreams(with: "anyone"))
        XCTAssertTrue(scope.holdsDensely("anyone"))
    }

    func testANodeHoldsItsProvincesOriginsDenselyAndOthersAsSparseStreamsOfItsProvince() {
        let scope = StreamScope(province: hanoi, directory: directory)
        XCTAssertEqual(scope.keys(of: "b"), ["b"])
        XCTAssertEqual(scope.keys(of: "c"), ["c@01"])
        XCTAssertEqual(scope.keys(of: "unknown"), ["unknown@01"], "an origin it cannot place is not one of its province")
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

    func testAMergerMakesTheMergedProvincesOriginsDenseAndFollowsItsTagsUnderTheirOwnKeys() throws {
        let root = SigningKey(seed: [UInt8](repeating: 9, count: 32))!
        let merge = try ProvinceMerge.sign(hcm, into: hanoi, clusterID: "vn", issuedAtMs: MembershipDecision.epochOriginMs + 1, by: root)
        var directory = directory
        directory.place("d", in: ProvinceCode("48")!)
        let before = StreamScope(province: hanoi, directory: directory)
        XCTAssertEqual(before.keys(of: "d"), ["d@01"])
        let afterAtHanoi = before.adding(merge)
        XCTAssertEqual(afterAtHanoi.province, hanoi)
        XCTAssertEqual(afterAtHanoi.heldTags, [hanoi, hcm])
        XCTAssertEqual(afterAtHanoi.keys(of: "c"), ["c"], "Hồ Chí Minh's origins are Hà Nội's now: held whole")
        XCTAssertTrue(afterAtHanoi.sharesStreams(with: "c"))
        XCTAssertEqual(afterAtHanoi.keys(of: "d"), ["d@01", "d@79"], "another province's events tagged either")
        XCTAssertFalse(afterAtHanoi.holds(key: "c@01"), "the old sparse key of an origin now dense is stale")
        XCTAssertTrue(afterAtHanoi.holds(key: "d@79"))
        XCTAssertFalse(afterAtHanoi.holds(key: "d@48"))
        XCTAssertEqual(afterAtHanoi.held(VersionVector(["a": 3, "c@01": 2, "d@01": 1])), VersionVector(["a": 3, "d@01": 1]))

        let atHCM = StreamScope(province: hcm, directory: directory).adding(merge)
        XCTAssertEqual(atHCM.certifiedProvince, hcm)
        XCTAssertEqual(atHCM.province, hanoi, "a node of the merged province belongs to the one it joined")
        XCTAssertTrue(atHCM.sharesStreams(with: "a"))
        let taggedBoth = retagged(TestEvents.filed("D-1", origin: "d", sequence: 4), [
            StreamTag(province: hanoi, previousSequence: 1, previousLink: [1]), StreamTag(province: hcm, previousSequence: 2, previousLink: [2]),
        ])
        XCTAssertEqual(atHCM.keys(of: taggedBoth), ["d@01", "d@79"], "an event tagged with both is in both streams")
        XCTAssertEqual(atHCM.sparseKeys(of: taggedBoth, inProvince: ProvinceCode("48")!), [])
    }

    func testAnEventOfTwoStreamsAdvancesOnlyTheOneWhoseHeadReachedItsPreviousEvent() throws {
        let root = SigningKey(seed: [UInt8](repeating: 9, count: 32))!
        let merge = try ProvinceMerge.sign(hcm, into: hanoi, clusterID: "vn", issuedAtMs: MembershipDecision.epochOriginMs + 1, by: root)
        var directory = directory
        directory.place("d", in: ProvinceCode("48")!)
        let scope = StreamScope(province: hanoi, directory: directory).adding(merge)
        let event = retagged(TestEvents.filed("D-9", origin: "d", sequence: 9), [
            StreamTag(province: hanoi, previousSequence: 5, previousLink: [1]), StreamTag(province: hcm, previousSequence: 7, previousLink: [2]),
        ])
        let heads = ["d@01": Int64(5), "d@79": 3]
        XCTAssertEqual(scope.keys(extendedBy: event, heads: { heads[$0] ?? 0 }), ["d@01"], "event 7 of 79's stream is missing: d@79 stays")
        XCTAssertEqual(scope.keys(extendedBy: event, heads: { _ in 7 }), ["d@01", "d@79"])
        XCTAssertEqual(scope.keys(extendedBy: TestEvents.filed("A-1", origin: "a", sequence: 4), heads: { _ in 0 }), ["a"], "a dense stream")
        // A dense stream held before division (a node of 00 held everything) of an origin of another province is not held.
        XCTAssertFalse(scope.holds(key: "d"))
        XCTAssertTrue(scope.holds(key: "c"))
        XCTAssertTrue(scope.holds(key: "unplaced"))
    }

    private func retagged(_ event: ChangeEvent, _ tags: [StreamTag]) -> ChangeEvent {
        ChangeEvent(
            origin: event.origin, sequence: event.sequence, timestamp: event.timestamp, dossierCode: event.dossierCode,
            kind: event.kind, actor: event.actor, centre: event.centre, payload: event.payload, tags: tags)
    }
}
