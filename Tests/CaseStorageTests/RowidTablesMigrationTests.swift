import XCTest
@testable import CaseStorage
import CaseSQLite

/// Migration 4 moves the event log and the dossiers from WITHOUT ROWID tables to rowid
/// tables and loses nothing: every event, every dossier row, every index, the digest.
final class RowidTablesMigrationTests: XCTestCase {
    /// The two tables as schema 1 made them (WITHOUT ROWID), same rows, version 3.
    private static let schemaThreeSQL = """
        CREATE TABLE events_old (origin TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1), hlc INTEGER NOT NULL,
            dossier TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, centre TEXT NOT NULL, payload TEXT NOT NULL,
            PRIMARY KEY (origin, seq)) WITHOUT ROWID;
        INSERT INTO events_old SELECT origin, seq, hlc, dossier, kind, actor, centre, payload FROM events;
        DROP TABLE events;
        ALTER TABLE events_old RENAME TO events;
        CREATE INDEX events_by_dossier ON events (dossier, hlc, origin, seq);
        CREATE TABLE dossiers_old (code TEXT PRIMARY KEY, status TEXT NOT NULL, procedure_code TEXT NOT NULL,
            receiving_centre TEXT NOT NULL, competent_centre TEXT NOT NULL, handling_centre TEXT NOT NULL,
            received_at INTEGER NOT NULL, due_at INTEGER NOT NULL, original_due_at INTEGER NOT NULL, finished_at INTEGER,
            id_number TEXT NOT NULL, name_key TEXT NOT NULL, sort_key TEXT NOT NULL, version INTEGER NOT NULL,
            conflict_count INTEGER NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO dossiers_old SELECT * FROM dossiers;
        DROP TABLE dossiers;
        ALTER TABLE dossiers_old RENAME TO dossiers;
        CREATE INDEX dossiers_by_sort_key ON dossiers (sort_key, code);
        CREATE INDEX dossiers_by_id_number ON dossiers (id_number);
        CREATE INDEX dossiers_by_status ON dossiers (status, due_at);
        CREATE INDEX dossiers_by_handling ON dossiers (handling_centre);
        PRAGMA user_version = 3;
        """

    private func tableSQL(_ store: CaseStore, _ name: String) throws -> String {
        try XCTUnwrap(rawRows(store, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(name)]).first?[0].stringValue)
    }

    private func indexNames(_ store: CaseStore) throws -> Set<String> {
        Set(try rawRows(store, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").compactMap { $0[0].stringValue })
    }

    func testASchemaThreeDatabaseKeepsEveryRowAndIndexAsRowidTables() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("old")
        _ = try log.apply(StateDigestMaintenanceTests.clusterHistory())
        let before = try ReplicaContents(log.store)
        let indexes = try indexNames(log.store)
        let events = try rawRows(log.store, "SELECT * FROM events ORDER BY origin, seq").map(\.values)
        log.store.close()
        let connection = try SQLiteConnection(path: log.store.path)
        try connection.execute(Self.schemaThreeSQL)
        try connection.close()

        let reopened = try fixture.store("old")
        XCTAssertEqual(try ReplicaContents(reopened), before)
        XCTAssertEqual(try rawRows(reopened, "SELECT * FROM events ORDER BY origin, seq").map(\.values), events)
        XCTAssertEqual(try indexNames(reopened), indexes)
        for table in ["events", "dossiers"] {
            XCTAssertFalse(try tableSQL(reopened, table).contains("WITHOUT ROWID"), table)
        }
        XCTAssertEqual(try rawRows(reopened, "PRAGMA integrity_check").first?[0].stringValue, "ok")
        XCTAssertEqual(try reopened.maintainedAndRecomputedDigests().maintained, before.digest)
    }
}
