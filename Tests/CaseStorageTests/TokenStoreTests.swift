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
        XCTAssertEqual(CaseSchema.migrator.latestVersion, 13)
    }

    /// A schema-4 file with tokens (the table as migration 3 made it): migrations 5 and 6 keep
    /// every row, now a legacy row, with every field as it was.
    func testMigrationSixKeepsEveryTokenAsALegacyRecord() throws {
        let path = store.path
        store.close()
        let connection = try SQLiteConnection(path: path)
        try connection.execute(
            """
            DROP TABLE api_tokens;
            CREATE TABLE api_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, centre TEXT,
                created_at INTEGER NOT NULL, revoked_at INTEGER, secret_hash BLOB NOT NULL) WITHOUT ROWID;
            INSERT INTO api_tokens VALUES ('aaaaaaaaaaaaaaaa', 'admin@n1', 'admin', NULL, 5, NULL, zeroblob(32));
            INSERT INTO api_tokens VALUES ('bbbbbbbbbbbbbbbb', 'Lê Thị Hoa', 'clerk', 'n1', 6, 7, zeroblob(32));
            """)
        try connection.setUserVersion(4)
        try connection.close()
        store = try CaseStore(path: path)
        let hash = Array(repeating: UInt8(0), count: 32)
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [
            TokenRecord(id: "aaaaaaaaaaaaaaaa", name: "admin@n1", role: .admin, centre: nil, createdAtMs: 5, secretHash: hash),
            TokenRecord(id: "bbbbbbbbbbbbbbbb", name: "Lê Thị Hoa", role: .clerk, centre: "n1", createdAtMs: 6, revokedAtMs: 7, secretHash: hash),
        ])
        XCTAssertTrue(try store.read { try $0.tokenRecords() }.allSatisfy { $0.provenance == .legacy })
    }

    func testSignedAndLocalRecordsRoundTripAndADroppedRecordIsDeleted() throws {
        var local = Self.record(id: "cccccccccccccccc", role: .admin, centre: nil)
        local.provenance = .local
        let signed = [SignedTokenSamples.clerkOfN1, SignedTokenSamples.revokedAdminByRoot]
        try store.write { writer in
            for record in signed + [local] { try writer.saveToken(record) }
        }
        XCTAssertEqual(Set(try store.read { try $0.tokenRecords() }.map(\.key)), Set((signed + [local]).map(\.key)))
        XCTAssertEqual(try store.read { try $0.tokenRecords() }.filter { $0.issuer != nil }.sorted { $0.key < $1.key }, signed.sorted { $0.key < $1.key })
        XCTAssertEqual(try store.read { try $0.tokenRecords() }.first { $0.provenance == .local }, local)
        try store.write { try $0.deleteToken(SignedTokenSamples.clerkOfN1) }
        XCTAssertEqual(try store.read { try $0.tokenRecords() }.count, 2)
    }

    func testADamagedSignatureIsReportedNotServed() throws {
        try store.write { try $0.saveToken(SignedTokenSamples.clerkOfN1) }
        try store.database.write { try $0.execute("UPDATE api_tokens SET grant_signature = x'0102'") }
        XCTAssertThrowsError(try store.read { try $0.tokenRecords() }) { error in
            XCTAssertTrue(error is StoreCorruption, "\(error)")
        }
    }
}
