import TestSupport
import CSQLite
import XCTest

@testable import CaseSQLite

final class SQLiteErrorTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var connection: SQLiteConnection!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        connection = try SQLiteConnection(path: directory.path("errors.db"))
        try connection.execute(
            """
            CREATE TABLE parent(id INTEGER PRIMARY KEY);
            CREATE TABLE child(
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                age INTEGER CHECK (age >= 0),
                parent_id INTEGER REFERENCES parent(id)
            );
            INSERT INTO parent(id) VALUES (1);
            INSERT INTO child(id, code, age, parent_id) VALUES (1, 'A', 30, 1);
            """)
    }

    override func tearDownWithError() throws {
        try connection?.close()
        connection = nil
        directory = nil
    }

    func testSyntaxErrorCarriesSQLAndSQLiteMessage() {
        let sql = "SELEKT * FROM child"

        let error = expectSQLiteError { _ = try connection.query(sql) }

        XCTAssertEqual(error?.primaryResultCode, SQLITE_ERROR)
        XCTAssertEqual(error?.sql, sql)
        XCTAssertTrue(error?.message.contains("syntax error") ?? false, "\(String(describing: error))")
        XCTAssertTrue(error?.description.contains(sql) ?? false, "description shows the SQL")
    }

    func testSyntaxErrorInSecondStatementOfScriptIsThrownAndFirstStatementRan() throws {
        let error = expectSQLiteError {
            try connection.execute("INSERT INTO parent(id) VALUES (2); INSERT INTO nowhere VALUES (1)")
        }

        XCTAssertTrue(error?.message.contains("no such table: nowhere") ?? false, "\(String(describing: error))")
        XCTAssertEqual(try connection.scalarInt64("SELECT count(*) FROM parent"), 2)
    }

    func testPrepareOfUnknownColumnThrows() {
        let error = expectSQLiteError { _ = try connection.prepare("SELECT nope FROM child") }

        XCTAssertTrue(error?.message.contains("no such column: nope") ?? false, "\(String(describing: error))")
    }

    func testConstraintViolationsAreFlaggedWithTheirExtendedCodes() {
        let cases: [(name: String, sql: String, extendedCode: Int32)] = [
            ("unique", "INSERT INTO child(id, code) VALUES (2, 'A')", SQLiteResultCodes.constraintUnique),
            ("not null", "INSERT INTO child(id, code) VALUES (2, NULL)", SQLiteResultCodes.constraintNotNull),
            ("check", "INSERT INTO child(id, code, age) VALUES (2, 'B', -1)", SQLiteResultCodes.constraintCheck),
            ("foreign key", "INSERT INTO child(id, code, parent_id) VALUES (2, 'B', 99)",
             SQLiteResultCodes.constraintForeignKey),
            ("primary key", "INSERT INTO child(id, code) VALUES (1, 'B')", SQLiteResultCodes.constraintPrimaryKey),
        ]
        for testCase in cases {
            let error = expectSQLiteError { try connection.execute(testCase.sql) }

            XCTAssertEqual(error?.isConstraintViolation, true, testCase.name)
            XCTAssertEqual(error?.resultCode, testCase.extendedCode, "\(testCase.name): \(String(describing: error))")
            XCTAssertEqual(error?.sql, testCase.sql, testCase.name)
            XCTAssertEqual(error?.isBusy, false, testCase.name)
            XCTAssertEqual(error?.isIOError, false, testCase.name)
        }
    }

    func testFailedStatementWithBindingsLeavesCachedStatementReusable() throws {
        let sql = "INSERT INTO child(id, code) VALUES (?, ?)"
        let error = expectSQLiteError { try connection.execute(sql, [.integer(5), .text("A")]) }
        XCTAssertEqual(error?.isConstraintViolation, true)

        try connection.execute(sql, [.integer(5), .text("E")])

        XCTAssertEqual(try connection.scalarString("SELECT code FROM child WHERE id = 5"), "E")
    }

    func testErrorFlagsFollowThePrimaryCode() {
        let table: [(code: Int32, flag: KeyPath<SQLiteError, Bool>)] = [
            (SQLITE_BUSY, \.isBusy), (SQLITE_FULL, \.isFull), (SQLiteResultCodes.ioErrorFsync, \.isIOError),
            (SQLITE_CORRUPT, \.isCorrupt), (SQLITE_NOTADB, \.isCorrupt),
            (SQLiteResultCodes.constraintUnique, \.isConstraintViolation), (SQLITE_READONLY, \.isReadOnly),
            (SQLITE_LOCKED, \.isLocked), (SQLITE_TOOBIG, \.isTooBig),
        ]
        let allFlags: [KeyPath<SQLiteError, Bool>] = [
            \.isBusy, \.isFull, \.isIOError, \.isCorrupt, \.isConstraintViolation, \.isReadOnly, \.isLocked, \.isTooBig,
        ]
        for entry in table {
            let error = SQLiteError(resultCode: entry.code, message: "m")
            for flag in allFlags {
                XCTAssertEqual(error[keyPath: flag], flag == entry.flag, "code \(entry.code), flag \(flag)")
            }
        }
    }
}
