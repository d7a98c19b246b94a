import CaseCore
import CaseCrypto
import CaseSupport
import TestSupport
import XCTest

/// Event format 2: province tags, how an origin writes them, and which events of a sparse
/// (origin, province) stream a receiver stores.
final class SparseStreamTests: XCTestCase {
    let hanoi = ProvinceCode("01")!
    let hcm = ProvinceCode("79")!
    let strict = EventTrust.verified(root: EventAuthenticationTests.root.publicKey, clusterID: "tinh-79", acceptsUnsigned: false)
    let certificates = [EventAuthenticationTests.certificate("a", EventAuthenticationTests.keyOfA)]

    // MARK: tags

    func testTagsAreSortedOnceEachPointBackAndCarryALinkOnlyWhereNoneIsImplied() {
        let link = [UInt8](repeating: 7, count: 32)
        let valid: [(String, [StreamTag], Int64)] = [
            ("first of both streams", [tag(hanoi, 0), tag(hcm, 0)], 5),
            ("previous is the event before", [tag(hanoi, 4)], 5),
            ("previous further back, with its link", [tag(hcm, 2, link)], 5),
        ]
        for (name, tags, sequence) in valid { XCTAssertNil(StreamTag.problem(in: tags, sequence: sequence), name) }
        let invalid: [(String, [StreamTag], Int64, String)] = [
            ("unsorted", [tag(hcm, 0), tag(hanoi, 0)], 5, "sorted"),
            ("twice", [tag(hanoi, 0), tag(hanoi, 0)], 5, "sorted"),
            ("points forward", [tag(hanoi, 5)], 5, "not an earlier one"),
            ("negative", [tag(hanoi, -1)], 5, "not an earlier one"),
            ("link missing", [tag(hcm, 2)], 5, "0 bytes where 32"),
            ("link where implied", [tag(hanoi, 4, link)], 5, "32 bytes where 0"),
            ("link on a first", [tag(hanoi, 0, link)], 5, "32 bytes where 0"),
        ]
        for (name, tags, sequence, expected) in invalid {
            let problem = StreamTag.problem(in: tags, sequence: sequence)
            XCTAssertTrue(problem?.contains(expected) == true, "\(name): \(String(describing: problem))")
        }
    }

    func testAnOriginTagsItsOwnProvinceAlwaysAndLinksEachStreamToItsPreviousEvent() {
        let link3 = [UInt8](repeating: 3, count: 32)
        let heads = [hanoi: StreamHead(sequence: 6, link: [6]), hcm: StreamHead(sequence: 3, link: link3)]

        XCTAssertEqual(EventTagging.tags(forSequence: 7, provinces: [hcm], own: hanoi, heads: heads),
                       [tag(hanoi, 6), tag(hcm, 3, link3)], "own province always; adjacent previous implied")
        XCTAssertEqual(EventTagging.tags(forSequence: 1, provinces: [], own: hanoi, heads: [:]), [tag(hanoi, 0)])
        let tags = EventTagging.tags(forSequence: 9, provinces: [hanoi, hcm], own: hanoi, heads: [hanoi: StreamHead(sequence: 8, link: [8])])
        XCTAssertEqual(tags, [tag(hanoi, 8), tag(hcm, 0)], "a province's first event points to nothing")
        XCTAssertNil(StreamTag.problem(in: tags, sequence: 9), "what the origin writes is valid")
    }

    /// Format 1 events keep their bytes (every link stored before tags existed stays
    /// valid); tags are signed content.
    func testTagsAreCoveredByTheChainAndUntaggedEventsKeepTheirLinks() {
        let untagged = TestEvents.filed("A-1", origin: "a", sequence: 1)
        let genesis = EventChain.genesis(origin: "a")
        XCTAssertEqual(Hex.encode(EventChain.link(after: genesis, untagged)),
                       "acb655af21d2e3fc182566f400d6736ef1c0b153f4728ab2d51508567cbdd5ac", "format 1, pinned")
        let tagged = retagged(untagged, [tag(hanoi, 0)])
        let otherTags = retagged(untagged, [tag(hanoi, 0), tag(hcm, 0)])
        XCTAssertNotEqual(EventChain.link(after: genesis, tagged), EventChain.link(after: genesis, untagged))
        XCTAssertNotEqual(EventChain.link(after: genesis, tagged), EventChain.link(after: genesis, otherTags))
        XCTAssertNotEqual(tagged, untagged)
    }

    // MARK: sparse streams

    /// Origin a (Hà Nội) writes 6 events; 2, 4 and 5 are also tagged Hồ Chí Minh.
    func testAReceiverOfTheSparseStreamStoresItWithTheOriginsLinks() {
        let (log, stream) = originLog()
        let result = verify(stream)
        XCTAssertNil(result.refusal)
        XCTAssertEqual(result.accepted.map(\.sequence), [2, 4, 5])
        XCTAssertEqual(result.accepted.map(\.chain), [log[1], log[3], log[4]].map(\.chain), "the receiver's links are the origin's")
        let resumed = verify(Array(stream[1...]), head: StreamHead(sequence: 2, link: log[1].chain))
        XCTAssertEqual(resumed.accepted.map(\.sequence), [4, 5], "a held head is extended")
    }

    func testAGapOrAnotherBranchIsRefusedAndWhatCameBeforeIsStored() {
        let (log, stream) = originLog()
        let gap = verify([stream[0], stream[2]])
        XCTAssertEqual(gap.accepted.map(\.sequence), [2])
        XCTAssertEqual(gap.refusal?.event, EventID(origin: "a", sequence: 5))
        XCTAssertTrue(gap.refusal?.reason.contains("follows event 4") == true, "\(String(describing: gap.refusal))")

        let elsewhere = verify(stream, head: StreamHead(sequence: 2, link: [UInt8](repeating: 9, count: 32)))
        XCTAssertTrue(elsewhere.accepted.isEmpty)
        XCTAssertTrue(elsewhere.refusal?.reason.contains("follows event 0 of the stream of province 79, but this node holds it up to 2") == true, "\(String(describing: elsewhere.refusal))")
        let wrongHead = verify(Array(stream[1...]), head: StreamHead(sequence: 2, link: [UInt8](repeating: 9, count: 32)))
        XCTAssertTrue(wrongHead.accepted.isEmpty, "the held link of event 2 is not the one 4 names")
        XCTAssertTrue(wrongHead.refusal?.reason.contains("not the link held") == true, "\(String(describing: wrongHead.refusal))")
        XCTAssertEqual(log.count, 6)
    }

    func testAForgedPredecessorLinkIsCaughtByTheStreamOrByTheSignature() {
        let (_, stream) = originLog()
        // Event 5 follows 4 directly: its predecessor link must be the link held for 4.
        var forgedAdjacent = stream
        forgedAdjacent[2] = .init(event: stream[2].event, predecessorLink: [UInt8](repeating: 1, count: 32))
        let adjacent = verify(forgedAdjacent)
        XCTAssertEqual(adjacent.accepted.map(\.sequence), [2, 4])
        XCTAssertEqual(adjacent.refusal?.event.sequence, 5)

        // Event 4's predecessor (3) is not in the stream: a forged one gives 4 a link its
        // signature does not cover, and 5, which names the true link of 4, no longer follows.
        var forgedGap = stream
        forgedGap[1] = .init(event: stream[1].event, predecessorLink: [UInt8](repeating: 1, count: 32))
        let gap = verify(forgedGap)
        XCTAssertEqual(gap.accepted.map(\.sequence), [2], "only what a signature vouches for")
        XCTAssertEqual(gap.refusal?.event.sequence, 4)
    }

    func testAnEventWithoutItsPredecessorLinkIsRefused() {
        let (_, stream) = originLog()
        // Nothing else would vouch for the link its own is computed over without a signature.
        let unlinked = verify([.init(event: stream[0].event, predecessorLink: [])] + stream[1...])
        XCTAssertTrue(unlinked.accepted.isEmpty)
        XCTAssertTrue(unlinked.refusal?.reason.contains("without the chain link of its origin's event before it") == true)
    }

    func testAnAlteredEventOrAnUntaggedOneIsRefusedAndARevocationCutsTheStream() {
        let (_, stream) = originLog()
        let altered = retagged(stream[0].event, stream[0].event.tags, note: "sửa đổi")
        let result = verify([.init(event: altered, predecessorLink: stream[0].predecessorLink)] + stream[1...])
        XCTAssertTrue(result.accepted.isEmpty)
        XCTAssertEqual(result.refusal?.event.sequence, 2)

        let notForHCM = verify(stream, province: ProvinceCode("48")!)
        XCTAssertTrue(notForHCM.accepted.isEmpty)
        XCTAssertTrue(notForHCM.refusal?.reason.contains("not tagged for province 48") == true)

        let revoked = verify(stream, revokedAfter: 4)
        XCTAssertEqual(revoked.accepted.map(\.sequence), [2, 4])
        XCTAssertTrue(revoked.refusal?.reason.contains("revoked a") == true)
    }

    // MARK: helpers

    private func tag(_ province: ProvinceCode, _ previous: Int64, _ link: [UInt8] = []) -> StreamTag {
        StreamTag(province: province, previousSequence: previous, previousLink: link)
    }

    /// Origin a's log of six events as it writes them (tagged, linked, signed), and the
    /// sparse stream of Hồ Chí Minh as a receiver gets it (events 2, 4, 5, content only,
    /// each with its predecessor's link).
    private func originLog() -> ([ChangeEvent], [SparseStreamAuthentication.ReceivedEvent]) {
        let alsoHCM: Set<Int64> = [2, 4, 5]
        var heads: [ProvinceCode: StreamHead] = [:]
        var link = EventChain.genesis(origin: "a")
        var log: [ChangeEvent] = []
        var stream: [SparseStreamAuthentication.ReceivedEvent] = []
        for event in TestEvents.chain(origin: "a", code: "A-1", count: 6) {
            let provinces: Set<ProvinceCode> = alsoHCM.contains(event.sequence) ? [hanoi, hcm] : [hanoi]
            let tags = EventTagging.tags(forSequence: event.sequence, provinces: provinces, own: hanoi, heads: heads)
            let sealed = EventChain.seal(retagged(event, tags), after: link, key: EventAuthenticationTests.keyOfA)
            if provinces.contains(hcm) {
                stream.append(.init(event: sealed.content.sealed(chain: [], signature: sealed.signature), predecessorLink: link))
            }
            for province in provinces { heads[province] = StreamHead(sequence: sealed.sequence, link: sealed.chain) }
            link = sealed.chain
            log.append(sealed)
        }
        return (log, stream)
    }

    private func verify(
        _ run: [SparseStreamAuthentication.ReceivedEvent], province: ProvinceCode? = nil, head: StreamHead = .start, revokedAfter: Int64? = nil
    ) -> EventRunVerdict {
        SparseStreamAuthentication.verify(run, stream: province ?? hcm, head: head, certificates: certificates, trust: strict, revokedAfter: revokedAfter)
    }

    private func retagged(_ event: ChangeEvent, _ tags: [StreamTag], note: String? = nil) -> ChangeEvent {
        ChangeEvent(
            origin: event.origin, sequence: event.sequence, timestamp: event.timestamp, dossierCode: event.dossierCode,
            kind: event.kind, actor: event.actor, centre: event.centre,
            payload: note.map { .object(["note": .string($0)]) } ?? event.payload, tags: tags)
    }
}

/// The tags' stored bytes are the ones inside the signed canonical bytes, and bad ones are refused.
final class StreamTagEncodingTests: XCTestCase {
    func testTagsRoundTripAndMalformedOnesAreRefused() throws {
        let tags = [StreamTag(province: ProvinceCode("01")!, previousSequence: 0, previousLink: []),
                    StreamTag(province: ProvinceCode("79")!, previousSequence: 4, previousLink: [UInt8](repeating: 4, count: 32))]
        XCTAssertEqual(try StreamTagEncoding.decoded(StreamTagEncoding.encoded(tags)), tags)
        XCTAssertEqual(try StreamTagEncoding.decoded(StreamTagEncoding.encoded([])), [])

        var tooMany = WireWriter()
        tooMany.varint(1_000_000)
        XCTAssertThrowsError(try StreamTagEncoding.decoded(tooMany.buffer)) { XCTAssertTrue("\($0)".contains("more than the")) }
        var notAProvince = WireWriter()
        notAProvince.varint(1)
        notAProvince.string("99")
        XCTAssertThrowsError(try StreamTagEncoding.decoded(notAProvince.buffer)) { XCTAssertTrue("\($0)".contains("not a province code")) }
        XCTAssertThrowsError(try StreamTagEncoding.decoded(StreamTagEncoding.encoded(tags) + [0]), "trailing bytes")
    }
}
