import CaseCore
import XCTest
@testable import CaseNode

/// The token registry's anti-entropy, one node's side, with its peers' answers played by hand.
final class TokenSyncTests: XCTestCase {
    private var mine: ServiceFixture!
    private var theirs: ServiceFixture!

    override func setUpWithError() throws {
        mine = try ServiceFixture(nodeID: "n1")
        theirs = try ServiceFixture(nodeID: "n2")
    }

    override func tearDown() {
        mine?.store.close()
        theirs?.store.close()
    }

    private static let members = [
        MemberRecord(id: "n1", peerAddress: "127.0.0.1:7411", httpAddress: "127.0.0.1:7410", incarnation: 1, state: .alive),
        MemberRecord(id: "n2", peerAddress: "127.0.0.1:7421", httpAddress: "127.0.0.1:7420", incarnation: 1, state: .alive),
        MemberRecord(id: "n3", peerAddress: "127.0.0.1:7431", httpAddress: "127.0.0.1:7430", incarnation: 1, state: .retired),
    ]

    private func sync(_ fixture: ServiceFixture, _ id: String) -> TokenSync {
        TokenSync(registry: fixture.tokens, selfID: id, logger: Logger(sink: .discard, clock: { 0 }))
    }

    func testOneRoundOfDigestsMakesTwoRegistriesEqual() throws {
        let n1 = sync(mine, "n1"), n2 = sync(theirs, "n2")
        let digest = try XCTUnwrap(n1.tick(nowMs: 0, members: Self.members).first)
        XCTAssertEqual(digest.destination, .member(id: "n2", address: "127.0.0.1:7421"), "never itself, never a retired member")
        let answers = n2.receive(digest.message, from: "n1", members: Self.members)
        XCTAssertEqual(answers.map(\.message.kind), [.tokenRecords, .tokenDigest])
        var back: [Envelope] = []
        for answer in answers { back += n1.receive(answer.message, from: "n2", members: Self.members) }
        XCTAssertEqual(back.map(\.message.kind), [.tokenRecords], "n1 sends what n2 lacks, and no digest: answers never answer answers")
        for envelope in back { XCTAssertEqual(n2.receive(envelope.message, from: "n1", members: Self.members), []) }
        XCTAssertEqual(mine.tokens.all, theirs.tokens.all)
        XCTAssertEqual(mine.tokens.all.count, 2)
        XCTAssertEqual(n2.receive(.tokenDigest(mine.tokens.digest, isReply: false), from: "n1", members: Self.members), [], "equal: silence")
        XCTAssertEqual(n1.tick(nowMs: TokenSync.digestIntervalMs - 1, members: Self.members), [], "once per interval")
    }

    func testAPushAppliesAtOnceAndARevocationWins() throws {
        let n2 = sync(theirs, "n2")
        let (record, _) = try mine.tokens.create(name: "Lê Thị Hoa", role: .clerk, centre: "n1", nowMs: 1)
        _ = n2.receive(.tokenRecords([record]), from: "n1", members: Self.members)
        let revoked = try mine.tokens.revoke(id: record.id, nowMs: 2)
        _ = n2.receive(.tokenRecords([revoked]), from: "n1", members: Self.members)
        _ = n2.receive(.tokenRecords([record]), from: "n1", members: Self.members)
        XCTAssertEqual(theirs.tokens.record(id: record.id)?.revokedAtMs, 2)
        let pushed = sync(mine, "n1").push([revoked], members: Self.members)
        XCTAssertEqual(pushed.map(\.destination), [.member(id: "n2", address: "127.0.0.1:7421")])
    }

    func testABatchWithAnInvalidRecordAppliesNothingAndARetiredSenderIsIgnored() throws {
        let n2 = sync(theirs, "n2")
        let before = theirs.tokens.all
        let good = TokenRecord(id: "00000000000000aa", name: "Lan", role: .monitor, centre: nil, createdAtMs: 1, secretHash: Array(repeating: 1, count: 32))
        var bad = good
        bad.id = "00000000000000bb"
        bad.role = .clerk
        XCTAssertEqual(n2.receive(.tokenRecords([good, bad]), from: "n1", members: Self.members), [])
        XCTAssertEqual(theirs.tokens.all, before, "all or nothing")
        _ = n2.receive(.tokenRecords([good]), from: "n3", members: Self.members)
        XCTAssertNil(theirs.tokens.record(id: good.id), "a retired member's records are not taken")
        _ = n2.receive(.tokenRecords([good]), from: "n1", members: Self.members)
        XCTAssertNotNil(theirs.tokens.record(id: good.id))
    }
}
