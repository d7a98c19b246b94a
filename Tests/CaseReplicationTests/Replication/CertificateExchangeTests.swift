import CaseCore
import CaseReplication
import TestSupport
import XCTest

/// A node asks a live peer for the certificates of the members it cannot place in a
/// province (`ReplicationNode+Certificates`); it takes an answer only from the peer asked,
/// and only of the members asked about; it asks nothing once every member is placed, and
/// slowly while asking places nobody.
final class CertificateExchangeTests: XCTestCase {
    /// The fast configuration, probing so seldom that the silent peers stay alive throughout.
    private static let configuration: ReplicationConfiguration = {
        var configuration = ReplicationConfiguration.fast
        configuration.probeIntervalMs = 1_000_000
        return configuration
    }()
    private static let hanoi = ProvinceCode("01")!
    private static let n1 = SignedTokenSamples.nodeCertificate("n1", province: hanoi)
    private static let n2 = SignedTokenSamples.nodeCertificate("n2", province: hanoi)
    private static let n3 = SignedTokenSamples.nodeCertificate("n3", province: ProvinceCode("79")!)
    private static let n9 = SignedTokenSamples.nodeCertificate("n9", province: hanoi)

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    /// n1 of Hà Nội placing the centres of `placed` (its own always), knowing `others`.
    private func node(placing placed: [Certificate] = [], knowing others: [String] = ["n2", "n3"]) -> ReplicationNode {
        let node = ReplicationNode(
            self: record("n1"), configuration: Self.configuration, holding: VersionVector(), seed: 7, nowMs: 0,
            tokenTrust: SignedTokenSamples.trust, scope: scope(placing: placed))
        _ = node.handle(.received(from: others[0], .membership(members: others.map(record), isReply: true)), nowMs: 0)
        return node
    }

    private func scope(placing placed: [Certificate]) -> StreamScope {
        var directory = ProvinceDirectory()
        for certificate in [Self.n1] + placed { directory.add(certificate) }
        return StreamScope(province: Self.hanoi, directory: directory)
    }

    private func requests(in outputs: [ReplicationOutput]) -> [(peer: String, subjects: [String])] {
        outputs.compactMap { output in
            guard case .send(let envelope) = output, case .certificateRequest(let subjects) = envelope.message,
                  case .member(let id, _) = envelope.destination else { return nil }
            return (id, subjects)
        }
    }

    private func kept(in outputs: [ReplicationOutput]) -> [Certificate]? {
        outputs.lazy.compactMap { output -> [Certificate]? in
            guard case .keepCertificates(let certificates) = output else { return nil }
            return certificates
        }.first
    }

    func testANodeAsksALivePeerAboutTheMembersItCannotPlaceAndKeepsOnlyWhatItAskedOfIt() throws {
        let n1 = node()
        XCTAssertEqual(n1.unplacedMembers, ["n2", "n3"])
        let asked = requests(in: n1.handle(.tick, nowMs: Self.configuration.tokenDigestIntervalMs))
        XCTAssertEqual(asked.count, 1)
        XCTAssertEqual(asked.first?.subjects, ["n2", "n3"])
        let peer = try XCTUnwrap(asked.first?.peer)
        let other = peer == "n2" ? "n3" : "n2"

        XCTAssertNil(kept(in: n1.handle(.received(from: other, .certificates([Self.n2])), nowMs: 1_100)), "not the peer asked")
        let answer = n1.handle(.received(from: peer, .certificates([Self.n2, Self.n9, Self.n3])), nowMs: 1_100)
        XCTAssertEqual(kept(in: answer), [Self.n2, Self.n3], "n9 was not asked about")
        XCTAssertNil(kept(in: n1.handle(.received(from: peer, .certificates([Self.n2])), nowMs: 1_200)), "each member answered once per ask")
        XCTAssertEqual(n1.statistics.certificatesReceived, 2)
        XCTAssertEqual(n1.statistics.certificatesUnasked, 3)
        XCTAssertEqual(n1.statistics.certificateRequestsSent, 1)
    }

    func testAPeerAsksItsLogForTheCertificatesItIsAskedAboutOncePerInterval() {
        let n1 = node()
        let outputs = n1.handle(.received(from: "n2", .certificateRequest(subjects: ["n3", "n9"])), nowMs: 10)
        XCTAssertEqual(outputs, [.answerCertificates(["n3", "n9"], to: .member(id: "n2", address: "sim://n2"))])
        XCTAssertEqual(n1.handle(.received(from: "n2", .certificateRequest(subjects: ["n3"])), nowMs: 20), [], "asked again too soon")
        XCTAssertEqual(n1.handle(.received(from: "n2", .certificateRequest(subjects: ["n3"])), nowMs: 10 + Self.configuration.tokenDigestIntervalMs).count, 1)
        XCTAssertEqual(n1.handle(.received(from: "n7", .certificateRequest(subjects: ["n3"])), nowMs: 10), [], "not a member")
    }

    func testAnAnswerInPartsIsTakenPartByPart() throws {
        let n1 = node()
        let peer = try XCTUnwrap(requests(in: n1.handle(.tick, nowMs: Self.configuration.tokenDigestIntervalMs)).first?.peer)
        XCTAssertEqual(kept(in: n1.handle(.received(from: peer, .certificates([Self.n3])), nowMs: 1_100)), [Self.n3])
        XCTAssertEqual(kept(in: n1.handle(.received(from: peer, .certificates([Self.n3, Self.n2])), nowMs: 1_200)), [Self.n2], "n3 was answered")
    }

    func testANodeThatPlacesEveryMemberAsksNothing() {
        let n1 = node(placing: [Self.n2, Self.n3])
        XCTAssertEqual(n1.unplacedMembers, [])
        XCTAssertTrue(requests(in: n1.handle(.tick, nowMs: Self.configuration.tokenDigestIntervalMs)).isEmpty)
    }

    func testOncePlacedByTheLogTheNodeStopsAskingAndWhileNothingChangesItAsksSlowly() {
        let interval = Self.configuration.tokenDigestIntervalMs
        let n1 = node()
        var nowMs: Int64 = 0
        // Nobody answers: quick asks to random peers, then, as they place nobody, slow ones.
        for ask in 0...(ReplicationNode.maxFruitlessQuickAsks + 1) {
            nowMs += interval
            XCTAssertEqual(requests(in: n1.handle(.tick, nowMs: nowMs)).count, 1, "quick ask \(ask)")
        }
        nowMs += interval
        XCTAssertTrue(requests(in: n1.handle(.tick, nowMs: nowMs)).isEmpty, "asks that place nobody slow down")
        nowMs += Self.configuration.membershipExchangeIntervalMs
        XCTAssertEqual(requests(in: n1.handle(.tick, nowMs: nowMs)).count, 1)
        // The log kept n2's certificate: asked about n3 alone, soon; once n3 is placed too, nothing.
        n1.rescope(scope(placing: [Self.n2]))
        nowMs += Self.configuration.membershipExchangeIntervalMs
        XCTAssertEqual(requests(in: n1.handle(.tick, nowMs: nowMs)).first?.subjects, ["n3"])
        n1.rescope(scope(placing: [Self.n2, Self.n3]))
        nowMs += Self.configuration.membershipExchangeIntervalMs
        XCTAssertTrue(requests(in: n1.handle(.tick, nowMs: nowMs)).isEmpty)
        XCTAssertEqual(n1.unplacedMembers, [])
    }

    func testAskingGoesRoundTheUnplacedMembersSoNoneIsLeftOut() {
        let many = (1...(ReplicationNode.maxCertificateSubjectsPerRequest + 10)).map { String(format: "m%03d", $0) }
        let n1 = node(knowing: many)
        var nowMs = Self.configuration.tokenDigestIntervalMs
        let first = requests(in: n1.handle(.tick, nowMs: nowMs)).first?.subjects ?? []
        nowMs += Self.configuration.membershipExchangeIntervalMs
        let second = requests(in: n1.handle(.tick, nowMs: nowMs)).first?.subjects ?? []
        XCTAssertEqual(first, Array(many.prefix(ReplicationNode.maxCertificateSubjectsPerRequest)))
        XCTAssertEqual(Set(first + second), Set(many), "the second ask starts where the first stopped, wrapping round")
    }

    func testANodeWithoutARootKeyOrProvinceAsksNothing() {
        let plain = ReplicationNode(
            self: record("n1"), configuration: Self.configuration, holding: VersionVector(), seed: 7, nowMs: 0)
        _ = plain.handle(.received(from: "n2", .membership(members: [record("n2")], isReply: true)), nowMs: 0)
        XCTAssertTrue(requests(in: plain.handle(.tick, nowMs: Self.configuration.tokenDigestIntervalMs)).isEmpty)
    }
}
