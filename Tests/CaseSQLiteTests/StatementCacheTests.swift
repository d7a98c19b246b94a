import TestSupport
import XCTest

@testable import CaseSQLite

/// The statement cache gives back the statement it prepared, and evicts the one used least recently.
final class StatementCacheTests: XCTestCase {
    func testAHitIsTheSameStatementAndCountsAsAUse() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.path("cache.db"))
        var cache = StatementCache(capacity: 2)
        var prepared: [String] = []
        let prepare = { (sql: String) throws -> Statement in
            prepared.append(sql)
            return try connection.prepare(sql)
        }
        let one = try cache.statement(for: "SELECT 1", prepare: prepare)
        _ = try cache.statement(for: "SELECT 2", prepare: prepare)
        XCTAssertTrue(try cache.statement(for: "SELECT 1", prepare: prepare) === one, "a hit is the statement prepared before")
        _ = try cache.statement(for: "SELECT 3", prepare: prepare)
        XCTAssertEqual(cache.count, 2)
        XCTAssertTrue(try cache.statement(for: "SELECT 1", prepare: prepare) === one, "used last before SELECT 3 came: kept")
        _ = try cache.statement(for: "SELECT 2", prepare: prepare)
        XCTAssertEqual(prepared, ["SELECT 1", "SELECT 2", "SELECT 3", "SELECT 2"], "SELECT 2, used least recently, was evicted")
    }
}
