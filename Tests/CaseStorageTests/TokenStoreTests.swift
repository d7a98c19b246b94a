import CaseCore
import TestSupport
import XCTest
@testable import CaseStorage
import CaseSQLite

final class TokenStoreTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var store: CaseStore!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        store = try CaseStore(path: directory.path("tokens.sqlite"))
    }

    override func tearDown() {
        store.close()
    }

    private static func record(id: String, role: TokenRole = .clerk, centre: String? = "n1", revokedAtMs: Int64? = nil) -> TokenRecord {
        TokenRecord(
            id: id, name: "Lê Thị Hoa", role: role, centre: centre, createdAtMs: 1_751_335_200_000, revokedAtMs: revokedAtMs,
            secretHash: Array(repeating: 3, count: 32))
    }

    func testRecordsRoundTripSortedAndRevocationReplacesTheRow() throws {
        let clerk = Self.record(id: "bbbbbbbbbbbbbbbb")
        let admin = Self.record(id: "aaaaaaaaaaaaaaaa", role: .admin, centre: nil)
        try store.write { writer in
            try writer.saveToken(clerk)
            try writer.saveToken(admin)
        }
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [admin, clerk])
        let revoked = Self.record(id: "bbbbbbbbbbbbbbbb", revokedAtMs: 1_751_400_000_000)
        try store.write { try $0.saveToken(revoked) }
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [admin, revoked])
    }

    func testDamagedRowIsReportedNotServed() throws {
        try store.write { try $0.saveToken(Self.record(id: "dddddddddddddddd", role: .admin, centre: nil)) }
        XCTAssertEqual(try store.read { try $0.tokenRecords() }.count, 1)
        // A clerk token without its centre: no build of casestore writes it.
        try store.database.write { try $0.execute("UPDATE api_tokens SET role = 'clerk' WHERE id = 'dddddddddddddddd'") }
        XCTAssertThrowsError(try store.read { try $0.tokenRecords() }) { error in
            XCTAssertTrue(error is StoreCorruption, "\(error)")
        }
    }
}

extension TokenStoreTests {
    func testMigrationThreeAddsTheTableToASchemaTwoFile() throws {
        let path = store.path
        store.close()
        let connection = try SQLiteConnection(path: path)
        try connection.execute("DROP TABLE api_tokens")
        try connection.setUserVersion(2)
        try connection.close()
        store = try CaseStore(path: path)
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [])
        XCTAssertEqual(CaseSchema.migrator.latestVersion, 5)
    }
}
