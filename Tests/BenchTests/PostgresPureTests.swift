@testable import Bench
import Foundation
import XCTest

final class PostgresPureTests: XCTestCase {
    static let pgbenchSummary = """
        pgbench (15.18 (Debian 15.18-0+deb12u1))
        transaction type: /tmp/x/filing.sql
        scaling factor: 1
        query mode: prepared
        number of clients: 8
        number of threads: 8
        maximum number of tries: 1
        duration: 10 s
        number of transactions actually processed: 45610
        number of failed transactions: 3 (0.007%)
        latency average = 1.750 ms
        latency stddev = 2.820 ms
        initial connection time = 21.577 ms
        tps = 4561.234567 (without initial connection time)
        """

    func testParsesPgbenchSummary() throws {
        let output = try PgbenchOutput.parse(Self.pgbenchSummary)
        XCTAssertEqual(output, PgbenchOutput(transactions: 45_610, failed: 3, tps: 4561.234567, latencyAverageMs: 1.75, latencyStddevMs: 2.82))
    }

    func testSummaryWithoutStddevStillParses() throws {
        let text = Self.pgbenchSummary.split(separator: "\n").filter { !$0.contains("stddev") }.joined(separator: "\n")
        XCTAssertNil(try PgbenchOutput.parse(text).latencyStddevMs)
    }

    func testMissingSummaryThrows() {
        XCTAssertThrowsError(try PgbenchOutput.parse("pgbench: error: connection to server failed\n"))
    }

    func testPerTransactionLogLatencies() {
        let log = """
            0 1 1452 0 1763770857 123456
            0 2 998 0 1763770857 124500
            3 7 failed 0 1763770858 5
            1 1 20001 0 1763770858 7 0
            garbage
            """
        XCTAssertEqual(PgbenchOutput.latenciesMs(fromLog: log), [1.452, 0.998, 20.001])
        XCTAssertEqual(PgbenchOutput.latenciesMs(fromLog: log, limit: 1), [1.452])
    }

    func testLiteralIsSafeFromPgbenchVariables() {
        let cases: [(input: String, expected: String)] = [
            (#"{"copies":1}"#, #"'{"copies": 1}'"#),
            (#"{"a":"x"}"#, #"'{"a":"x"}'"#),
            ("it's", "'it''s'"),
            (#"{"t":_x,"n":Nguyễn}"#, #"'{"t": _x,"n": Nguyễn}'"#),
            ("::cast", "':: cast'"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(PostgresWorkload.pgbenchLiteral(input), expected, input)
        }
    }

    func testScriptIsOneTransactionWithRecordAndEvent() throws {
        let json = PostgresWorkload.recordJSON()
        XCTAssertGreaterThan(json.utf8.count, 1_200, "a realistic record is about 1.5 KB")
        XCTAssertTrue(FilingFactory.familyNames.contains { json.contains($0) }, "Vietnamese names")
        XCTAssertEqual(json, json.precomposedStringWithCanonicalMapping, "NFC")
        let script = PostgresWorkload.script(recordJSON: json)
        let lines = script.split(separator: "\n")
        XCTAssertEqual(lines.first, "BEGIN;")
        XCTAssertEqual(lines.last, "END;")
        XCTAssertEqual(lines.filter { $0.hasPrefix("INSERT INTO record") }.count, 1)
        XCTAssertEqual(lines.filter { $0.hasPrefix("INSERT INTO event (code, body) VALUES (:code,") }.count, 1)
        // The only pgbench variable in the script is the record's code (pgbench skips "::" casts).
        let variables = try NSRegularExpression(pattern: "(?<!:):[A-Za-z0-9_]").numberOfMatches(in: script, range: NSRange(script.startIndex..., in: script))
        XCTAssertEqual(variables, 1)
    }

    func testModeSettings() {
        XCTAssertEqual(PostgresConfig.Mode.async.settings.map { "\($0.name)=\($0.value)" }, ["synchronous_standby_names=", "synchronous_commit=on"])
        XCTAssertEqual(PostgresConfig.Mode.sync.settings.map { "\($0.name)=\($0.value)" }, ["synchronous_standby_names=*", "synchronous_commit=remote_apply"])
        XCTAssertEqual(PostgresConfig.Mode.sync.key(clients: 8), "sync-8")
        XCTAssertEqual(PostgresConfig.Mode.async.expectedSyncState, "async")
    }

    func testPrimaryConfigKeepsDurabilityAndListensOnLoopbackOnly() {
        let text = PostgresConfig.primary(port: 54321, socketDirectory: "/tmp/pg", maxConnections: 40)
        for line in ["listen_addresses = '127.0.0.1'", "port = 54321", "unix_socket_directories = '/tmp/pg'", "wal_level = replica", "fsync = on",
                     "synchronous_standby_names = ''", "max_connections = 40"] {
            XCTAssertTrue(text.contains("\n" + line + "\n"), line)
        }
        XCTAssertFalse(text.contains("full_page_writes"), "full_page_writes stays at its default")
        XCTAssertTrue(PostgresConfig.standby(port: 5433, socketDirectory: "/s").contains("\nport = 5433\n"))
        XCTAssertTrue(PostgresConfig.hba.contains("host replication all 127.0.0.1/32 trust"))
        XCTAssertFalse(PostgresConfig.hba.contains("0.0.0.0"))
    }

    func testVisibilityNoticesParsed() {
        let notices = """
            NOTICE:  visible 12 0.8123
            NOTICE:  visible 13 7.5
            psql:warning
            NOTICE:  something else
            """
        XCTAssertEqual(StandbyVisibilityProbe.delaysMs(fromNotices: notices), [0.8123, 7.5])
        XCTAssertTrue(StandbyVisibilityProbe.watchSQL(expectedRows: 100, timeoutSeconds: 15).contains("seen < 100"))
    }
}
