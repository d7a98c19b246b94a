import CaseCore
import CaseReplication
import TestSupport
import XCTest

/// The root's province mergers spread as its holiday schedules do: pushed at once when
/// published, by digest anti-entropy to a node that missed them, persisted before anything
/// follows, taken only when the root signed them, and followed by the node's scope.
final class ProvinceMergeReplicationTests: XCTestCase {
    private static let configuration = ReplicationConfiguration.fast
    private let hanoi = ProvinceCode("01")!
    private let hcm = ProvinceCode("79")!

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    /// n1 and n2 in Hà Nội, n3 in Hồ Chí Minh.
    private func node(_ id: String, knowing others: [String], certified: Bool = true) -> ReplicationNode {
        var directory = ProvinceDirectory()
        for (centre, province) in [("n1", hanoi), ("n2", hanoi), ("n3", hcm)] { directory.place(centre, in: province) }
        let scope = certified ? StreamScope(province: directory.province(ofCentre: id), directory: directory) : .single
        let node = ReplicationNode(
            self: record(id), configuration: Self.configuration, holding: VersionVector(), seed: 7, nowMs: 0,
            tokenTrust: SignedTokenSamples.trust, scope: scope)
        _ = node.handle(.received(from: others[0], .membership(members: others.map(record), isReply: true)), nowMs: 0)
        return node
    }

    /// Hands every message sent to another of `nodes` to it, until none is left; returns what
    /// each node asked to persist, in order.
    @discardableResult
    private func deliver(_ outputs: [ReplicationOutput], from sender: String, among nodes: [String: ReplicationNode], nowMs: Int64) -> [String: [[ProvinceMerge]]] {
        var persisted: [String: [[ProvinceMerge]]] = [:]
        var pending = outputs.map { (sender, $0) }
        while !pending.isEmpty {
            let (from, output) = pending.removeFirst()
            switch output {
            case .persistProvinceMerges(let merges): persisted[from, default: []].append(merges)
            case .send(let envelope):
                guard case .member(let id, _) = envelope.destination, let target = nodes[id] else { continue }
                pending += target.handle(.received(from: from, envelope.message), nowMs: nowMs).map { (id, $0) }
            default: continue
            }
        }
        return persisted
    }

    func testAPublishedMergerIsPersistedThenPushedAndEveryNodeFollowsIt() throws {
        let nodes = ["n1": node("n1", knowing: ["n2", "n3"]), "n2": node("n2", knowing: ["n1", "n3"]), "n3": node("n3", knowing: ["n1", "n2"])]
        let merge = try ProvinceMergeSamples.merge("79", into: "01")
        let outputs = nodes["n1"]!.handle(.publishProvinceMerge(merge), nowMs: 10)
        guard case .persistProvinceMerges([merge]) = outputs.first else { return XCTFail("persisted before anything is sent: \(outputs)") }
        let persisted = deliver(outputs, from: "n1", among: nodes, nowMs: 10)
        for id in ["n1", "n2", "n3"] {
            XCTAssertEqual(nodes[id]?.provinceMerges, [merge], id)
            XCTAssertEqual(nodes[id]?.scope.province, hanoi, id)
            XCTAssertEqual(persisted[id]?.last, [merge], id)
        }
        XCTAssertTrue(nodes["n3"]!.scope.sharesStreams(with: "n1"), "Hồ Chí Minh's node shares Hà Nội's streams now")
        XCTAssertEqual(nodes["n3"]!.statistics.provinceMergesHeld, 1)
    }

    func testANodeThatMissedItLearnsItByDigest() throws {
        let n1 = node("n1", knowing: ["n3"])
        let n3 = node("n3", knowing: ["n1"])
        _ = n1.handle(.publishProvinceMerge(try ProvinceMergeSamples.merge("79", into: "01")), nowMs: 10)  // the push is lost
        XCTAssertEqual(n3.scope.province, hcm)
        let tick = n1.handle(.tick, nowMs: Self.configuration.tokenDigestIntervalMs + 100)
        XCTAssertTrue(tick.contains { if case .send(let envelope) = $0, case .provinceMergeDigest = envelope.message { true } else { false } })
        deliver(tick, from: "n1", among: ["n1": n1, "n3": n3], nowMs: Self.configuration.tokenDigestIntervalMs + 100)
        XCTAssertEqual(n3.scope.province, hanoi, "learnt in one round")
    }

    func testAMergerTheRootDidNotSignOrThatContradictsOneHeldIsRefusedAndCounted() throws {
        let n3 = node("n3", knowing: ["n1"])
        let stranger = SigningKey(seed: [UInt8](repeating: 7, count: 32))!
        let forged = try ProvinceMerge.sign(hcm, into: hanoi, clusterID: SignedTokenSamples.clusterID, issuedAtMs: ProvinceMergeSamples.issuedAtMs, by: stranger)
        _ = n3.handle(.received(from: "n1", .provinceMerges([forged])), nowMs: 10)
        XCTAssertEqual(n3.scope.province, hcm, "a forged merger changes nothing")
        XCTAssertEqual(n3.statistics.provinceMergesRefused, 1)

        _ = n3.handle(.received(from: "n1", .provinceMerges([try ProvinceMergeSamples.merge("79", into: "01")])), nowMs: 20)
        XCTAssertEqual(n3.scope.province, hanoi)
        _ = n3.handle(.received(from: "n1", .provinceMerges([try ProvinceMergeSamples.merge("79", into: "48", atMs: ProvinceMergeSamples.issuedAtMs + 1)])), nowMs: 30)
        XCTAssertEqual(n3.scope.province, hanoi, "a merged province is not merged again elsewhere")
        XCTAssertEqual(n3.statistics.provinceMergesRefused, 2)
        XCTAssertTrue(n3.statistics.lastProvinceMergeRefusal?.contains("merged into 01 already") == true, "\(String(describing: n3.statistics.lastProvinceMergeRefusal))")
    }

    func testANodeOfNoProvinceTakesNone() throws {
        let n1 = node("n1", knowing: ["n2"], certified: false)
        _ = n1.handle(.received(from: "n2", .provinceMerges([try ProvinceMergeSamples.merge("79", into: "01")])), nowMs: 10)
        XCTAssertEqual(n1.provinceMerges, [])
    }
}
