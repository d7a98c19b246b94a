import CSQLite
import Synchronization
import XCTest

@testable import CaseSQLite

/// An error only tests throw, to check that the very same error comes back out.
struct ProbeError: Error, Equatable {
    let tag: Int
}

/// A count that `@Sendable` closures can bump.
final class SendableCounter: Sendable {
    private let count = Mutex(0)

    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Errors collected from several threads.
final class ErrorCollector: Sendable {
    private let errors = Mutex<[String]>([])

    func record(_ error: any Error) { errors.withLock { $0.append(String(describing: error)) } }
    var all: [String] { errors.withLock { $0 } }
}

/// Every user table and its rows in rowid order, for comparing two databases' contents.
func contents(of connection: SQLiteConnection) throws -> [String: [SQLiteRow]] {
    let tables = try connection.query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    var result: [String: [SQLiteRow]] = [:]
    for table in tables {
        let name = try XCTUnwrap(table[0].stringValue)
        result[name] = try connection.query("SELECT * FROM \"\(name)\" ORDER BY rowid")
    }
    return result
}

/// Runs `body`, expecting it to throw an `SQLiteError`, and returns that error.
func expectSQLiteError(
    _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
) -> SQLiteError? {
    do {
        try body()
        XCTFail("expected an SQLiteError, but nothing was thrown", file: file, line: line)
    } catch let error as SQLiteError {
        return error
    } catch {
        XCTFail("expected an SQLiteError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}
