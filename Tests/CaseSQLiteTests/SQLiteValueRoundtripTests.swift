import CaseSupport
import TestSupport
import XCTest

@testable import CaseSQLite

final class SQLiteValueRoundtripTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var connection: SQLiteConnection!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        connection = try SQLiteConnection(path: directory.path("values.db"))
        try connection.execute("CREATE TABLE v(id INTEGER PRIMARY KEY, value)")
    }

    override func tearDownWithError() throws {
        try connection?.close()
        connection = nil
        directory = nil
    }

    func testEveryValueTypeRoundtripsExactly() throws {
        let values: [(name: String, value: SQLiteValue)] = [
            ("null", .null),
            ("zero", .integer(0)),
            ("int64 max", .integer(.max)),
            ("int64 min", .integer(.min)),
            ("negative real", .real(-2.5)),
            ("huge real", .real(1.7976931348623157e308)),
            ("smallest subnormal real", .real(.leastNonzeroMagnitude)),
            ("ascii text", .text("hello")),
            ("empty text", .text("")),
            ("Vietnamese text", .text("Nguyễn Thị Ánh Tuyết, phường Bến Nghé, Thành phố Hồ Chí Minh")),
            ("text with NUL", .text("a\u{0}b")),
            ("emoji", .text("hồ sơ 📄")),
            ("empty blob", .blob([])),
            ("every byte", .blob(Array(0...255))),
        ]
        for (offset, entry) in values.enumerated() {
            try connection.execute("INSERT INTO v(id, value) VALUES (?, ?)", [.integer(Int64(offset)), entry.value])

            let read = try connection.scalar("SELECT value FROM v WHERE id = ?", [.integer(Int64(offset))])

            XCTAssertEqual(read, entry.value, entry.name)
        }
        XCTAssertEqual(try connection.scalarInt64("SELECT count(*) FROM v"), Int64(values.count))
    }

    func testEmptyTextAndEmptyBlobAreNotStoredAsNull() throws {
        try connection.execute("INSERT INTO v(id, value) VALUES (1, ?), (2, ?)", [.text(""), .blob([])])

        let types = try connection.query("SELECT typeof(value) FROM v ORDER BY id").map { $0[0] }

        XCTAssertEqual(types, [.text("text"), .text("blob")])
    }

    func testTextIsStoredNFCNormalised() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n"  // e + combining circumflex + combining tilde
        let composed = "Nguy\u{1EC5}n"  // ễ as one scalar
        XCTAssertNotEqual(Array(decomposed.unicodeScalars), Array(composed.unicodeScalars))

        try connection.execute("INSERT INTO v(id, value) VALUES (1, ?)", [.text(decomposed)])

        XCTAssertEqual(try connection.scalarString("SELECT hex(value) FROM v WHERE id = 1"),
                       composed.utf8.map { String(format: "%02X", $0) }.joined())
        XCTAssertEqual(try connection.scalarInt64("SELECT count(*) FROM v WHERE value = ?", [.text(composed)]), 1)
    }

    func testValueEqualityTellsNFCFromNFD() {
        XCTAssertNotEqual(SQLiteValue.text("e\u{0301}"), SQLiteValue.text("\u{00E9}"))
        XCTAssertEqual(SQLiteValue.text("\u{00E9}"), SQLiteValue.text("\u{00E9}"))
        XCTAssertNotEqual(SQLiteValue.integer(1), SQLiteValue.real(1))
    }

    func testStatementTypedAccessorsAndColumnNames() throws {
        try connection.execute("CREATE TABLE typed(i INTEGER, r REAL, t TEXT, b BLOB, n)")
        try connection.execute(
            "INSERT INTO typed VALUES (?, ?, ?, ?, ?)", [.integer(42), .real(0.5), .text("Hà Nội"), .blob([1, 2]), .null])
        let statement = try connection.prepare("SELECT i, r, t, b, n FROM typed")

        XCTAssertTrue(try statement.step())
        XCTAssertEqual(statement.columnCount, 5)
        XCTAssertEqual((0..<statement.columnCount).map(statement.columnName), ["i", "r", "t", "b", "n"])
        XCTAssertEqual(statement.int64(0), 42)
        XCTAssertEqual(statement.double(1), 0.5)
        XCTAssertEqual(statement.string(2), "Hà Nội")
        XCTAssertEqual(statement.blob(3), [1, 2])
        XCTAssertTrue(statement.isNull(4))
        XCTAssertFalse(statement.isNull(0))
        XCTAssertNil(statement.string(4))
        XCTAssertNil(statement.blob(4))
        XCTAssertEqual(statement.value(4), .null)
        XCTAssertFalse(try statement.step(), "one row only")
    }

    func testStatementRebindClearsOldBindingsAndReruns() throws {
        let insert = try connection.prepare("INSERT INTO v(id, value) VALUES (?, ?)")
        try insert.bind([.integer(1), .text("một")])
        try insert.run()
        try insert.bind([.integer(2), .text("hai")])
        try insert.run()
        try insert.reset()
        try insert.clearBindings()
        try insert.run()  // every parameter NULL: a new rowid and a NULL value

        let rows = try connection.query("SELECT id, value FROM v ORDER BY id")
        XCTAssertEqual(rows.map { $0["value"] }, [.text("một"), .text("hai"), .null])
    }

    func testRowsGiveValuesByIndexAndByNameIgnoringCase() throws {
        try connection.execute("INSERT INTO v(id, value) VALUES (7, 'bảy')")

        let rows = try connection.query("SELECT id AS Id, value FROM v")

        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0][0], .integer(7))
        XCTAssertEqual(rows[0]["id"], .integer(7))
        XCTAssertEqual(rows[0]["VALUE"], .text("bảy"))
        XCTAssertNil(rows[0]["missing"])
        XCTAssertEqual(rows[0].columnNames, ["Id", "value"])
    }

    func testChangesAndLastInsertRowID() throws {
        try connection.execute("INSERT INTO v(value) VALUES (1), (2), (3)")
        XCTAssertEqual(connection.changes, 3)
        XCTAssertEqual(connection.lastInsertRowID, 3)

        try connection.execute("UPDATE v SET value = 0 WHERE id > ?", [.integer(1)])
        XCTAssertEqual(connection.changes, 2)
    }

    func testValuesAboveMaxValueBytesAreRefusedAsTooBig() throws {
        let limited = try SQLiteConnection(path: directory.path("values.db"), configuration: .init(maxValueBytes: 1000))
        defer { try? limited.close() }
        try limited.execute("INSERT INTO v(id, value) VALUES (1, ?)", [.blob([UInt8](repeating: 1, count: 900))])

        let blobError = expectSQLiteError {
            try limited.execute("INSERT INTO v(id, value) VALUES (2, ?)", [.blob([UInt8](repeating: 1, count: 1001))])
        }
        let textError = expectSQLiteError {
            try limited.execute("INSERT INTO v(id, value) VALUES (3, ?)", [.text(String(repeating: "ư", count: 501))])
        }

        XCTAssertEqual(blobError?.isTooBig, true, "\(String(describing: blobError))")
        XCTAssertEqual(textError?.isTooBig, true, "1002 UTF-8 bytes: \(String(describing: textError))")
        XCTAssertEqual(try limited.scalarInt64("SELECT count(*) FROM v"), 1)
    }

    func testLiteralsBuildValues() {
        let values: [SQLiteValue] = [nil, 5, 2.5, "năm"]
        XCTAssertEqual(values, [.null, .integer(5), .real(2.5), .text("năm")])
    }

    /// Text proven NFC is stored from its bytes and reads back as the same text, equal to
    /// the `.text` of it either way round.
    func testCanonicalTextIsStoredAsTheTextItProves() throws {
        let text = "Nguyễn Thị Ánh Tuyết, phường Bến Nghé"
        let proven = try XCTUnwrap(CanonicalUTF8(checking: Array(text.utf8)))
        try connection.execute("INSERT INTO v(id, value) VALUES (?, ?)", [1, .canonicalText(proven)])
        try connection.execute("INSERT INTO v(id, value) VALUES (?, ?)", [2, .canonicalText(try XCTUnwrap(CanonicalUTF8(checking: [])))])

        XCTAssertEqual(try connection.scalar("SELECT value FROM v WHERE id = 1"), .text(text))
        XCTAssertEqual(try connection.scalar("SELECT typeof(value) FROM v WHERE id = 2"), .text("text"), "empty text, not NULL")
        XCTAssertEqual(SQLiteValue.canonicalText(proven), .text(text))
        XCTAssertEqual(SQLiteValue.text(text), .canonicalText(proven))
        XCTAssertNotEqual(SQLiteValue.text(text + "."), .canonicalText(proven))
        XCTAssertEqual(SQLiteValue.canonicalText(proven).stringValue, text)
    }
}
