import CaseCore
import CaseNet
import CaseSQLite
import CaseStorage
import Foundation
import Synchronization
import XCTest
@testable import CaseNode
import CaseSupport

/// `POST /v1/admin/backup`, `GET /v1/admin/backup/status` and `GET /v1/reports` in-process.
final class AdminRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!
    /// Holds the backup directory, and files outside it a backup must never reach.
    private var root: String!
    private var directory: String!
    private let logLines = LogCapture()

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        try fixture.store.write { try $0.setMeta("node_id", "n1") }
        let lines = logLines
        let logger = Logger(sink: LogSink { line in lines.append(line) }, clock: { 0 })
        root = NSTemporaryDirectory() + "casestore-admin-routes-\(UUID().uuidString)"
        directory = root + "/backups"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let backup = NodeBackup(store: fixture.store, directory: directory, logger: logger, clock: fixture.clock)
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, backup: backup)
    }

    override func tearDown() {
        fixture?.store.close()
        if let root { try? FileManager.default.removeItem(atPath: root) }
    }

    // MARK: - Backup

    func testBackupAnswersWhatTheVerifiedCopyHoldsAndStatusShowsIt() throws {
        let code = try fixture.service.file(ServiceFixture.filing()).code
        _ = try fixture.service.act(on: code, ActionRequest(action: .start), by: fixture.clerk)
        _ = try fixture.service.file(ServiceFixture.filing(name: "Lê Thị Hồng"))
        let path = directory + "/backup-2025-07-01.sqlite"

        let response = try send("POST", "/v1/admin/backup", body: #"{"file": "backup-2025-07-01.sqlite"}"#)

        XCTAssertEqual(response.status, 200, response.bodyText)
        let body = try response.jsonBody()
        let digest = try fixture.store.read { try $0.stateDigest() }
        XCTAssertEqual(body["path"], .string(path))
        XCTAssertEqual(body["file"], "backup-2025-07-01.sqlite")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        XCTAssertEqual(body["dossiers"], 2)
        XCTAssertEqual(body["events"], 3)
        XCTAssertEqual(body["digest"], .string(digest.hex))
        XCTAssertEqual(body["versionVector"], ["n1": 3])
        XCTAssertEqual(body["sourceNode"], "n1")
        let bytes = try XCTUnwrap(body["bytes"]?.int64Value)
        XCTAssertEqual(bytes, try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).int64Value)
        XCTAssertEqual(bytes, try XCTUnwrap(body["pages"]?.int64Value) * Int64(SQLiteLimits.defaultPageSizeBytes))
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(body["durationMs"]?.int64Value), 0)

        let status = try send("GET", "/v1/admin/backup/status").jsonBody()
        XCTAssertEqual(status["running"], false)
        XCTAssertEqual(status["current"], .null)
        XCTAssertEqual(status["last"]?["succeeded"], true)
        XCTAssertEqual(status["last"]?["file"], "backup-2025-07-01.sqlite")
        XCTAssertEqual(status["last"]?["result"], body)
        XCTAssertEqual(status["last"]?["finishedAt"], "2025-07-01T09:00:00.000+07:00")

        let messages = logLines.lines.compactMap { $0.firstMatch(of: #/msg="([^"]*)"/#).map { String($0.1) } }
        XCTAssertEqual(messages.first, "backup started")
        XCTAssertTrue(messages.contains("backup progress"), "\(messages)")
        XCTAssertEqual(messages.last, "backup finished")
    }

    func testBackupRefusalsSayWhatIsWrongAndLeaveNothingBehind() throws {
        let existing = directory + "/existing.sqlite"
        try Data("giữ".utf8).write(to: URL(fileURLWithPath: existing))
        let cases: [(body: String, status: Int, code: String, says: String)] = [
            (#"{"file": "/tmp/x.sqlite"}"#, 400, "bad_backup_file", "file: must be a file name, not a path"),
            (#"{"file": "\#(root!)/escaped.sqlite"}"#, 400, "bad_backup_file", "not a path"),
            (#"{"file": "../escaped.sqlite"}"#, 400, "bad_backup_file", "not a path"),
            (#"{"file": "sub/x.sqlite"}"#, 400, "bad_backup_file", "not a path"),
            (#"{"file": ".."}"#, 400, "bad_backup_file", "must not contain '..'"),
            (#"{"file": "a..sqlite"}"#, 400, "bad_backup_file", "must not contain '..'"),
            (#"{"file": ".hidden.sqlite"}"#, 400, "bad_backup_file", "must start with a letter or a digit"),
            (#"{"file": "-rf.sqlite"}"#, 400, "bad_backup_file", "must start with a letter or a digit"),
            (#"{"file": "sao lưu.sqlite"}"#, 400, "bad_backup_file", "it contains a space"),
            (#"{"file": "saolưu.sqlite"}"#, 400, "bad_backup_file", "it contains a character that is not ASCII"),
            (#"{"file": "x\u0000.sqlite"}"#, 400, "bad_backup_file", "it contains a control character"),
            (#"{"file": ""}"#, 400, "bad_backup_file", "file: is required"),
            (#"{"file": 7}"#, 400, "bad_backup_file", "file: is required"),
            (#"{}"#, 400, "bad_backup_file", "file: is required"),
            (#"{"path": "\#(root!)/escaped.sqlite"}"#, 400, "bad_backup_file", "path: is not accepted: backups are written only into"),
            (#"{"file": "x.sqlite", "force": true}"#, 422, "validation_failed", "unknown field"),
            (#"{"file": "existing.sqlite"}"#, 409, "backup_destination_exists", "never overwrites"),
            ("", 400, "invalid_json", "empty"),
        ]
        for (body, status, code, says) in cases {
            let response = try send("POST", "/v1/admin/backup", body: body)
            XCTAssertEqual(response.status, status, "\(body): \(response.bodyText)")
            let error = try XCTUnwrap(try response.jsonBody()["error"], body)
            XCTAssertEqual(error["code"]?.stringValue, code, body)
            XCTAssertTrue(error["message"]?.stringValue?.contains(says) ?? false, "\(body): \(response.bodyText)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["existing.sqlite"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["backups"], "nothing written beside it")
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "giữ")
        let last = try send("GET", "/v1/admin/backup/status").jsonBody()["last"]
        XCTAssertEqual(last?["succeeded"], false, "only the refusal of an existing file got as far as a backup")
        XCTAssertTrue(last?["error"]?.stringValue?.contains("never overwrites") ?? false, "\(String(describing: last))")
    }

    /// A file outside the backup directory is never looked at, so the answer is the same
    /// whether it exists or not.
    func testRefusalsDoNotTellWhetherFilesOutsideTheBackupDirectoryExist() throws {
        let outside = root + "/outside.sqlite"
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside))
        for key in ["file", "path"] {
            let answers = try [outside, root + "/missing.sqlite", "/etc/passwd", "/no/such/dir/x.sqlite"].map { path in
                let response = try send("POST", "/v1/admin/backup", body: JSONWriter.string([key: .string(path)]))
                return "\(response.status) \(response.bodyText)"
            }
            XCTAssertEqual(Set(answers).count, 1, "\(answers)")
            XCTAssertTrue(answers[0].hasPrefix("400 "), answers[0])
        }
    }

    func testABackupDirectoryOthersCanEnterIsRefusedWithTheChmodAndNothingIsWritten() throws {
        XCTAssertEqual(chmod(directory, 0o750), 0)
        let response = try send("POST", "/v1/admin/backup", body: #"{"file": "x.sqlite"}"#)
        XCTAssertEqual(response.status, 500, response.bodyText)
        let error = try XCTUnwrap(try response.jsonBody()["error"])
        XCTAssertEqual(error["code"], "backup_directory_unusable")
        XCTAssertTrue(error["message"]?.stringValue?.contains("run 'chmod 700 \(directory!)'") ?? false, response.bodyText)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    func testBackupRoutesAnswerOnlyTheirMethodsAndOnlyWhereOffered() throws {
        XCTAssertEqual(try send("GET", "/v1/admin/backup").status, 405)
        XCTAssertEqual(try send("POST", "/v1/admin/backup/status", body: "{}").status, 405)
        XCTAssertEqual(try send("POST", "/v1/reports", body: "{}").status, 405)
        let without = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
        let request = try HTTPRequest(method: "GET", target: "/v1/admin/backup/status", headers: fixture.authorized(), body: [])
        XCTAssertEqual(without.handle(request).status, 404)
    }

    // MARK: - Reports

    func testReportAnswersThePeriodItsBoundsAndFiguresPerCentreAndProcedure() throws {
        let code = try fixture.service.file(ServiceFixture.filing(procedure: "2.000635")).code
        _ = try fixture.service.act(on: code, ActionRequest(action: .start), by: fixture.clerk)
        fixture.clock.set("2025-07-01T10:00:00+07:00")
        _ = try fixture.service.act(on: code, ActionRequest(action: .resolve), by: fixture.clerk)
        fixture.clock.set("2025-07-15T10:00:00+07:00")
        _ = try fixture.service.file(FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: "Lê Thị Hồng", idNumber: "001190012345"), competentCentre: "n2",
            receivedByPost: true))

        let response = try send("GET", "/v1/reports?from=2025-07-01&to=2025-07-31")

        XCTAssertEqual(response.status, 200, response.bodyText)
        let body = try response.jsonBody()
        XCTAssertEqual(body["node"], "n1")
        XCTAssertEqual(body["from"], "2025-07-01")
        XCTAssertEqual(body["to"], "2025-07-31")
        XCTAssertEqual(body["periodStart"], "2025-07-01T00:00:00.000+07:00")
        XCTAssertEqual(body["periodEnd"], "2025-08-01T00:00:00.000+07:00")
        XCTAssertEqual(body["asOf"], "2025-07-15T10:00:00.000+07:00", "July has not ended: judged now")
        XCTAssertEqual(body["centre"], .null)
        XCTAssertEqual(body["centres"]?.arrayValue?.compactMap { $0["centre"]?.stringValue }, ["n1", "n2"])
        let n1 = try XCTUnwrap(body["centres"]?[0])
        XCTAssertEqual(n1["procedures"]?[0]?["procedureCode"], "1.001612")
        XCTAssertEqual(n1["procedures"]?[0]?["procedureName"], "Đăng ký khai sinh")
        XCTAssertEqual(n1["procedures"]?[0]?["procedureField"], "Hộ tịch")
        XCTAssertEqual(n1["procedures"]?[0]?["figures"]?["receivedForOtherCentres"], 1)
        XCTAssertEqual(n1["procedures"]?[1]?["figures"]?["resolvedOnTime"], 1)
        XCTAssertEqual(n1["figures"]?["onTimeRatePercent"], .double(100))
        // Per field (lĩnh vực), from the catalogue: each procedure here is in a field of its own.
        XCTAssertEqual(n1["fields"]?.arrayValue?.compactMap { $0["procedureField"]?.stringValue }, ["Chứng thực", "Hộ tịch"])
        XCTAssertEqual(n1["fields"]?[0]?["figures"], n1["procedures"]?[1]?["figures"])
        XCTAssertEqual(body["centres"]?[1]?["figures"]?["onTimeRatePercent"], .null)
        XCTAssertEqual(body["totals"], [
            "received": 2, "receivedAtCounter": 1, "receivedOnline": 0, "receivedByPost": 1, "carriedOver": 0, "totalToProcess": 2, "resolved": 1,
            "resolvedOnTime": 1, "resolvedEarly": 1, "resolvedLate": 0, "resolvedApologised": 0, "onTimeRatePercent": .double(100),
            "closedWithoutResult": 0, "inProgress": 1, "inProgressNotYetDue": 1, "inProgressOverdue": 0, "apologies": 0,
            "supplementRequests": 0, "refusals": 0, "withdrawals": 0, "receivedForOtherCentres": 1, "handedOver": 0, "takenOver": 0,
            "transferredOut": 0, "transferredIn": 0,
        ])
        XCTAssertEqual(body["lateDossiers"], [], "resolved on 1 July, the day before it was due")
        let n2Only = try send("GET", "/v1/reports?from=2025-07-01&to=2025-07-31&centre=n2").jsonBody()
        XCTAssertEqual(n2Only["centre"], "n2")
        XCTAssertEqual(n2Only["centres"]?.arrayValue?.count, 1)
        XCTAssertEqual(n2Only["totals"]?["received"], 1)
        XCTAssertEqual(n2Only["totals"]?["receivedByPost"], 1, "the post dossier, received for n2")
    }

    func testReportPeriodDefaults() throws {
        fixture.clock.set("2025-08-14T10:00:00+07:00")
        let cases: [(query: String, from: String, to: String)] = [
            ("", "2025-08-01", "2025-08-31"),
            ("?from=2025-07-20", "2025-07-20", "2025-08-14"),
            ("?to=2025-02-10", "2025-02-01", "2025-02-10"),
            ("?from=2024-02-01&to=2024-02-29", "2024-02-01", "2024-02-29"),
            ("?centre=", "2025-08-01", "2025-08-31"),
        ]
        for (query, from, to) in cases {
            let response = try send("GET", "/v1/reports\(query)")
            XCTAssertEqual(response.status, 200, "\(query): \(response.bodyText)")
            let body = try response.jsonBody()
            XCTAssertEqual(body["from"]?.stringValue, from, query)
            XCTAssertEqual(body["to"]?.stringValue, to, query)
        }
    }

    func testReportRefusesWhatItDoesNotUnderstand() throws {
        let cases: [(query: String, says: String)] = [
            ("?from=2025-07-31&to=2025-07-01", "from 2025-07-31 is after to 2025-07-01"),
            ("?from=2025-09-01", "without to, the period ends today"),
            ("?from=2025-7-1", "must be a date YYYY-MM-DD"),
            ("?to=2025-02-30", "must be a date YYYY-MM-DD"),
            ("?from=1999-12-31", "in the years 2000-2999"),
            ("?centre=N1", "is not a node id"),
            ("?month=7", "unknown query parameter 'month'"),
            ("?handover=n3&from=2025-07-01", "it takes no from"),
            ("?handover=n3&centre=n4", "it takes no centre"),
            ("?handover=N3", "is not a node id"),
        ]
        for (query, says) in cases {
            let response = try send("GET", "/v1/reports\(query)")
            XCTAssertEqual(response.status, 400, "\(query): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], "bad_query", query)
            XCTAssertTrue(response.bodyText.contains(says), "\(query): \(response.bodyText)")
        }
    }

    func testAHandoverReportOfACentreNeverHandedOverIsNotFound() throws {
        let response = try send("GET", "/v1/reports?handover=n7")
        XCTAssertEqual(response.status, 404, response.bodyText)
        XCTAssertTrue(response.bodyText.contains("no handover from centre n7"), response.bodyText)
    }

    private func send(_ method: String, _ target: String, body: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"])
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }
}

/// Log lines written during a test.
private final class LogCapture: Sendable {
    private let captured = Mutex<[String]>([])

    var lines: [String] { captured.withLock { $0 } }

    func append(_ line: String) {
        captured.withLock { $0.append(line) }
    }
}

/// What `GET /v1/admin/backup/status` and a second backup see while one is running.
final class RunningBackupTests: XCTestCase {
    func testWhileABackupRunsStatusShowsItsProgressAndASecondIsRefused() throws {
        let fixture = try ServiceFixture()
        defer { fixture.store.close() }
        for index in 1...30 { _ = try fixture.service.file(ServiceFixture.filing(name: "Người \(index)")) }
        let directory = NSTemporaryDirectory() + "casestore-running-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seen = SeenWhileRunning()
        let holder = BackupHolder()
        let backup = NodeBackup(
            store: fixture.store, directory: directory, logger: Logger(sink: .discard, clock: { 0 }), clock: fixture.clock, pagesPerStep: 1
        ) { progress in
            guard progress.pagesCopied == 1, let backup = holder.backup else { return }
            let router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, backup: backup)
            let secondBody = Array(#"{"file": "second.sqlite"}"#.utf8)
            guard let statusRequest = try? HTTPRequest(method: "GET", target: "/v1/admin/backup/status", headers: fixture.authorized(), body: []),
                  let secondRequest = try? HTTPRequest(method: "POST", target: "/v1/admin/backup", headers: fixture.authorized(), body: secondBody)
            else { return }
            let status = router.handle(statusRequest)
            let second = router.handle(secondRequest)
            seen.record(status: try? status.jsonBody(), second: second.status, secondBody: second.bodyText)
        }
        holder.backup = backup

        let summary = try backup.run(file: "first.sqlite")

        let (status, secondStatus, secondBody) = try XCTUnwrap(seen.value)
        XCTAssertEqual(status?["running"], true)
        XCTAssertEqual(status?["current"]?["path"]?.stringValue, directory + "/first.sqlite")
        XCTAssertEqual(status?["current"]?["file"], "first.sqlite")
        XCTAssertEqual(status?["current"]?["phase"], "copying")
        XCTAssertEqual(status?["current"]?["pagesCopied"], 1)
        XCTAssertEqual(status?["current"]?["pagesTotal"]?.int64Value, summary.backup.pages)
        XCTAssertEqual(status?["current"]?["startedAt"], "2025-07-01T09:00:00.000+07:00")
        XCTAssertEqual(secondStatus, 409)
        XCTAssertTrue(secondBody.contains("backup_running") && secondBody.contains("first.sqlite"), secondBody)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["first.sqlite"])
        XCTAssertNil(backup.activity.running)
    }

    func testProgressIsLoggedAtEachPhaseAndEveryTenth() {
        var throttle = ProgressThrottle()
        let reports = (0...100).map { CaseStoreBackupProgress(phase: .copying, pagesCopied: Int64($0), pagesTotal: 100) }
            + [CaseStoreBackupProgress(phase: .verifying, pagesCopied: 100, pagesTotal: 100)]
        let logged = reports.filter { throttle.shouldLog($0) }.map { "\($0.phase.rawValue) \($0.pagesCopied)" }
        XCTAssertEqual(logged, ["copying 0"] + (1...10).map { "copying \($0 * 10)" } + ["verifying 100"])
    }
}

/// The backup under test, set once it exists (its own progress callback needs it).
private final class BackupHolder: @unchecked Sendable {
    // @unchecked: set once before the backup runs, read only by its progress callback afterwards.
    var backup: NodeBackup?
}

/// What the progress callback saw, for the test to check after the backup.
private final class SeenWhileRunning: Sendable {
    private let seen = Mutex<(JSONValue?, Int, String)?>(nil)

    var value: (JSONValue?, Int, String)? { seen.withLock { $0 } }

    func record(status: JSONValue?, second: Int, secondBody: String) {
        seen.withLock { $0 = (status, second, secondBody) }
    }
}
