import CaseCore
import XCTest
import TestSupport
@testable import CaseReplication

/// Token records replicated by the core, driven by inputs alone: the digest round, the
/// push of a local change, and records stored before the core counts them as held.
final class TokenReplicationTests: XCTestCase {
    private let configuration = ReplicationConfiguration.fast

    private func record(_ id: String, state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: state)
    }

    private func token(_ id: String, revokedAtMs: Int64? = nil) -> TokenRecord {
        TokenRecord(
            id: id, name: "Lan", role: .monitor, centre: nil, createdAtMs: 1, revokedAtMs: revokedAtMs, secretHash: Array(repeating: 1, count: 32))
    }

    /// A node that knows `others`; n3 is retired.
    private func node(_ id: String, knowing others: [String]) -> ReplicationNode {
        let node = ReplicationNode(self: record(id), configuration: configuration, holding: VersionVector(), seed: 3, nowMs: 0)
        let members = others.map { record($0, state: $0 == "n3" ? .retired : .alive) }
        _ = node.handle(.received(from: others[0], .membership(members: members, isReply: true)), nowMs: 0)
        return node
    }

    private func sends(_ outputs: [ReplicationOutput]) -> [Envelope] {
        outputs.compactMap { if case .send(let envelope) = $0 { envelope } else { nil } }
    }

    /// Delivers `outputs` of `from` to `to`, storing what `to` asks to store in `store`.
    private func deliver(_ outputs: [ReplicationOutput], from: String, to node: ReplicationNode, store: inout TokenSet) throws -> [ReplicationOutput] {
        var answers: [ReplicationOutput] = []
        for envelope in sends(outputs) where envelope.destination == .member(id: node.selfID, address: "sim://\(node.selfID)") {
            for output in node.handle(.received(from: from, envelope.message), nowMs: 1) {
                guard case .storeTokens(let records, _) = output else {
                    answers.append(output)
                    continue
                }
                answers += node.handle(.tokensStored(TokenStoreOutcome(stored: try store.merge(records).changed)), nowMs: 1)
            }
        }
        return answers
    }

    func testOneRoundOfDigestsMakesTwoRegistriesEqual() throws {
        let n1 = node("n1", knowing: ["n2", "n3"]), n2 = node("n2", knowing: ["n1"])
        var store1 = try TokenSet([token("00000000000000a1")]), store2 = try TokenSet([token("00000000000000b2")])
        _ = n1.handle(.localTokens(store1.sorted), nowMs: 0)
        _ = n2.handle(.localTokens(store2.sorted), nowMs: 0)

        let digest = sends(n1.handle(.tick, nowMs: configuration.tokenDigestIntervalMs)).filter { $0.message.kind == .tokenDigest }
        XCTAssertEqual(digest.map(\.destination), [.member(id: "n2", address: "sim://n2")], "never itself, never a retired member")
        let answers = try deliver(digest.map { .send($0) }, from: "n1", to: n2, store: &store2)
        XCTAssertEqual(sends(answers).map(\.message.kind), [.tokenRecords, .tokenDigest])
        let back = try deliver(answers, from: "n2", to: n1, store: &store1)
        XCTAssertEqual(store1.count, 2, "n1 stored what it lacked")
        XCTAssertEqual(sends(back).map(\.message.kind), [.tokenRecords], "n1 sends what n2 lacks, and no digest: answers never answer answers")
        XCTAssertEqual(try deliver(back, from: "n1", to: n2, store: &store2), [])
        XCTAssertEqual(store1, store2)
        XCTAssertEqual(n1.tokens, store1, "the core holds what was stored")
        XCTAssertEqual(n2.tokens, store2)
        XCTAssertEqual(sends(n2.handle(.received(from: "n1", .tokenDigest(store1.digest, isReply: false)), nowMs: 2)), [], "equal: silence")
    }

    func testALocalRevocationIsPushedToLivePeersAndWinsThere() throws {
        let n1 = node("n1", knowing: ["n2", "n3"]), n2 = node("n2", knowing: ["n1"])
        var store2 = TokenSet()
        let pushed = n1.handle(.localTokens([token("00000000000000a1")]), nowMs: 1)
        XCTAssertEqual(sends(pushed).map(\.destination), [.member(id: "n2", address: "sim://n2")])
        _ = try deliver(pushed, from: "n1", to: n2, store: &store2)
        _ = try deliver(n1.handle(.localTokens([token("00000000000000a1", revokedAtMs: 5)]), nowMs: 2), from: "n1", to: n2, store: &store2)
        _ = try deliver([.send(Envelope(.member(id: "n2", address: "sim://n2"), .tokenRecords([token("00000000000000a1")])))], from: "n1", to: n2, store: &store2)
        XCTAssertEqual(store2["00000000000000a1"]?.revokedAtMs, 5)
        XCTAssertEqual(n2.tokens["00000000000000a1"]?.revokedAtMs, 5)
    }

    func testAnInvalidBatchIsRefusedWholeAndARetiredSenderIsIgnored() {
        let n2 = node("n2", knowing: ["n1", "n3"])
        var bad = token("00000000000000bb")
        bad.secretHash = [1]
        XCTAssertEqual(n2.handle(.received(from: "n1", .tokenRecords([token("00000000000000aa"), bad])), nowMs: 1), [])
        XCTAssertEqual(n2.statistics.tokenRecordsRefused, 1)
        XCTAssertEqual(n2.handle(.received(from: "n3", .tokenRecords([token("00000000000000aa")])), nowMs: 1), [], "a retired member is not heard")
        XCTAssertEqual(
            n2.handle(.received(from: "n1", .tokenRecords([token("00000000000000aa")])), nowMs: 1), [.storeTokens([token("00000000000000aa")], from: "n1")])
        XCTAssertEqual(n2.tokens.count, 0, "held only once stored")
    }
}

/// The core in identity mode: every record from a peer is checked against the root
/// (`TokenAuthority`); a refused one is dropped alone and nothing of it is stored.
final class SignedTokenReplicationTests: XCTestCase {
    private typealias Samples = SignedTokenSamples

    private func member(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func node(_ id: String, knowing other: String, trust: TokenTrust? = Samples.trust) -> ReplicationNode {
        let node = ReplicationNode(
            self: member(id), configuration: .fast, holding: VersionVector(), seed: 3, nowMs: 0, tokenTrust: trust)
        _ = node.handle(.received(from: other, .membership(members: [member(other)], isReply: true)), nowMs: 0)
        return node
    }

    func testOnlyRightlySignedRecordsAreStoredAndEachRefusalIsCounted() {
        let n2 = node("n2", knowing: "n1")
        var altered = Samples.monitorByAdmin
        altered.name = "Giám sát Bộ"
        let clerkByN2 = Samples.grant(by: Samples.n2, role: .clerk, centre: "n1", name: "Lê Thị Hoa", secretByte: 4)
        let outputs = n2.handle(.received(from: "n1", .signedTokenRecords([clerkByN2, Samples.clerkOfN1, altered])), nowMs: 1)
        XCTAssertEqual(outputs, [.storeTokens([Samples.clerkOfN1], from: "n1")])
        XCTAssertEqual(n2.statistics.tokenRecordsRefused, 2)
        XCTAssertTrue(n2.statistics.lastTokenRefusal?.contains("from n1") ?? false)

        XCTAssertEqual(n2.handle(.received(from: "n1", .tokenRecords([TokenSamples.record()])), nowMs: 1), [], "unsigned: refused")
        XCTAssertEqual(n2.statistics.tokenRecordsRefused, 3)
        XCTAssertEqual(n2.tokens.count, 0)
    }

    func testAForgeryRefusesTheRestOfItsMessage() {
        let n2 = node("n2", knowing: "n1")
        var forged = Samples.monitorByAdmin
        forged.role = .admin
        XCTAssertEqual(n2.handle(.received(from: "n1", .signedTokenRecords([forged, Samples.clerkOfN1])), nowMs: 1), [])
        XCTAssertEqual(n2.statistics.tokenRecordsRefused, 2)
        XCTAssertEqual(
            n2.handle(.received(from: "n1", .signedTokenRecords([Samples.clerkOfN1])), nowMs: 1), [.storeTokens([Samples.clerkOfN1], from: "n1")],
            "the same record alone is taken")
    }

    func testDuringTheUpgradeWindowUnsignedRecordsAreStillTaken() {
        let window = TokenTrust(root: Samples.root.publicKey, clusterID: Samples.clusterID, acceptsLegacyRecords: true)
        let n2 = node("n2", knowing: "n1", trust: window)
        XCTAssertEqual(
            n2.handle(.received(from: "n1", .tokenRecords([TokenSamples.record()])), nowMs: 1), [.storeTokens([TokenSamples.record()], from: "n1")])
    }

    func testUnsignedAndSignedRecordsTravelInTheirOwnMessageKinds() {
        let n1 = node("n1", knowing: "n2", trust: TokenTrust(root: Samples.root.publicKey, clusterID: Samples.clusterID, acceptsLegacyRecords: true))
        let outputs = n1.handle(.localTokens([TokenSamples.record(), Samples.clerkOfN1]), nowMs: 1)
        let messages = outputs.compactMap { output -> PeerMessage? in if case .send(let envelope) = output { envelope.message } else { nil } }
        XCTAssertEqual(messages, [.tokenRecords([TokenSamples.record()]), .signedTokenRecords([Samples.clerkOfN1])])
    }
}
