import CaseCore
import TestSupport
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

    private func record(_ id: String, role: TokenRole = .monitor, revokedAtMs: Int64? = nil, name: String = "Lan") -> TokenRecord {
        TokenRecord(
            id: id, name: name, role: role, centre: nil, createdAtMs: 1, revokedAtMs: revokedAtMs, secretHash: Array(repeating: 1, count: 32))
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

    /// Token names are staff names: the log says whose token it is in initials, and which by id.
    func testTheLogNamesTheTokenByIdAndItsHolderByInitials() throws {
        let logs = CapturedLogLines()
        let store = RegistryAuthorityStore(registry: fixture.tokens, logger: logs.logger())
        _ = try store.store([record("00000000000000aa", name: "Lê Thị Hoa")], from: "n1")
        XCTAssertEqual(logs.all, [
            #"ts=1970-01-01T07:00:00.000+07:00 level=info msg="token learnt from a peer" token=00000000000000aa name="L. T. H." role=monitor provenance=legacy issuer=none from=n1"#,
        ])
    }
}
