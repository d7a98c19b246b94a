import CaseCore
import XCTest
@testable import CaseNode
import CaseSupport

/// The node's registry as the replication core's store of token records learnt from peers.
final class RegistryAuthorityStoreTests: XCTestCase {
    private var fixture: ServiceFixture!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(nodeID: "n2")
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private func record(_ id: String, role: TokenRole = .monitor, revokedAtMs: Int64? = nil) -> TokenRecord {
        TokenRecord(
            id: id, name: "Lan", role: role, centre: nil, createdAtMs: 1, revokedAtMs: revokedAtMs, secretHash: Array(repeating: 1, count: 32))
    }

    func testRecordsFromAPeerAreMergedAndARevocationWins() throws {
        let store = RegistryAuthorityStore(registry: fixture.tokens, logger: Logger(sink: .discard, clock: { 0 }))
        XCTAssertEqual(try store.store([record("00000000000000aa")], from: "n1").map(\.id), ["00000000000000aa"])
        XCTAssertEqual(try store.store([record("00000000000000aa", revokedAtMs: 2)], from: "n1").map(\.revokedAtMs), [2])
        XCTAssertEqual(try store.store([record("00000000000000aa")], from: "n1"), [], "a revocation is not undone")
        XCTAssertEqual(fixture.tokens.record(id: "00000000000000aa")?.revokedAtMs, 2)
    }

    func testABatchWithAnInvalidRecordStoresNothing() throws {
        let store = RegistryAuthorityStore(registry: fixture.tokens, logger: Logger(sink: .discard, clock: { 0 }))
        let before = fixture.tokens.all
        XCTAssertThrowsError(try store.store([record("00000000000000aa"), record("00000000000000bb", role: .clerk)], from: "n1"))
        XCTAssertEqual(fixture.tokens.all, before, "all or nothing")
    }
}
