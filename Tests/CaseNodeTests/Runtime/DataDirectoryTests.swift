import Foundation
import TestSupport
import XCTest
@testable import CaseNode

#if canImport(Glibc)
import Glibc
#endif

/// A node's directories and files are its owner's alone: it makes them so, refuses to start
/// in a directory others can enter with the chmod that fixes it, and makes the database files
/// an earlier release left at 0644 owner-only.
final class DataDirectoryTests: XCTestCase {
    private var root: String!
    private let logs = CapturedLogLines()

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "casestore-datadir-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        if let root { try? FileManager.default.removeItem(atPath: root) }
    }

    func testDirectoriesAndDatabaseFilesComeOutOwnerOnlyWhateverTheUmask() throws {
        // The umask a test runner usually has; casenode sets 077 itself, but the modes must
        // not depend on it.
        let previous = umask(0o022)
        defer { umask(previous) }
        let data = root + "/new/parent/data"
        let runtime = try makeRuntime(data: data)
        defer { runtime.stop() }
        XCTAssertEqual(try mode(data), 0o700)
        XCTAssertEqual(try mode(root + "/new"), 0o700, "parents made on the way too")
        XCTAssertEqual(try mode(data + "/backups"), 0o700)
        for file in ["casestore.sqlite", "casestore.sqlite-wal", "casestore.sqlite-shm", "cluster.key", "admin.token", "node.key", "node.pub"] {
            XCTAssertEqual(try mode(data + "/" + file), 0o600, file)
        }
    }

    func testAnExistingDataDirectoryOthersCanEnterIsRefusedWithTheChmod() throws {
        let data = root + "/data"
        for permissions in [0o755, 0o750, 0o701] {
            try? FileManager.default.removeItem(atPath: data)
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false, attributes: [.posixPermissions: permissions])
            XCTAssertThrowsError(try makeRuntime(data: data)) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("data: \(data) has permissions \(String(permissions, radix: 8)): "), message)
                XCTAssertTrue(message.contains("run 'chmod 700 \(data)'"), message)
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data), [], "nothing is created in it")
        }
    }

    func testABackupDirectoryOthersCanEnterIsRefusedWithTheChmod() throws {
        let backups = root + "/backups"
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        XCTAssertThrowsError(try makeRuntime(data: root + "/data", backupDirectory: backups)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("backup-dir: \(backups) has permissions 755: "), message)
            XCTAssertTrue(message.contains("run 'chmod 700 \(backups)'"), message)
        }
    }

    /// The upgrade: a data directory of the previous release (0755, database files 0644).
    func testAfterTheChmodTheNodeMakesAnEarlierReleasesDatabaseFilesOwnerOnly() throws {
        let data = root + "/data"
        try makeRuntime(data: data).stop()
        XCTAssertEqual(chmod(data, 0o755), 0)
        XCTAssertEqual(chmod(data + "/casestore.sqlite", 0o644), 0)
        XCTAssertThrowsError(try makeRuntime(data: data))
        XCTAssertEqual(try mode(data + "/casestore.sqlite"), 0o644, "a refused start changes nothing")

        XCTAssertEqual(chmod(data, 0o700), 0)
        let runtime = try makeRuntime(data: data)
        defer { runtime.stop() }
        for file in ["casestore.sqlite", "casestore.sqlite-wal", "casestore.sqlite-shm"] {
            XCTAssertEqual(try mode(data + "/" + file), 0o600, file)
        }
        let warnings = logs.all.filter { $0.contains("made a database file owner-only") }
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        XCTAssertTrue(warnings.first?.contains("file=\(data)/casestore.sqlite was=644") == true, "\(warnings)")
    }

    func testTheBackupDirectorySetting() throws {
        var configuration = NodeConfiguration()
        try configuration.apply(["data": "/srv/casestore/n1"], source: "--")
        XCTAssertEqual(configuration.backupDirectoryPath, "/srv/casestore/n1/backups")
        try configuration.apply(["backup-dir": "/srv/backups/n1"], source: "--")
        XCTAssertEqual(configuration.backupDirectoryPath, "/srv/backups/n1")
        XCTAssertThrowsError(try configuration.apply(["backup-dir": ""], source: "--")) { error in
            XCTAssertTrue("\(error)".hasPrefix("backup-dir: the backup directory must not be empty"), "\(error)")
        }
        XCTAssertThrowsError(try configuration.apply(["backup-dir": "/srv/casestore/n1/"], source: "--")) { error in
            XCTAssertTrue("\(error)".hasPrefix("backup-dir: must not be the data directory itself"), "\(error)")
        }
    }

    private func makeRuntime(data: String, backupDirectory: String? = nil) throws -> CaseNodeRuntime {
        var configuration = NodeConfiguration()
        var settings = ["id": "n1", "data": data, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"]
        settings["backup-dir"] = backupDirectory
        try configuration.apply(settings, source: "test")
        return try CaseNodeRuntime(configuration: configuration, logger: logs.logger())
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }
}
