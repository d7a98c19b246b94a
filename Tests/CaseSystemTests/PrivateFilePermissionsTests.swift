import Foundation
import XCTest
import CaseSystem

#if canImport(Glibc)
import Glibc
#endif

/// The owner-only rule for directories and files that hold secrets or personal data.
final class PrivateFilePermissionsTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-private-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testOwnerOnlyModesPass() {
        for mode: mode_t in [0o700, 0o500, 0o600, 0o400, 0o000] {
            XCTAssertNil(PrivateFilePermissions.refusal(path: "/srv/x", mode: mode, kind: .directory), String(mode, radix: 8))
            XCTAssertNil(PrivateFilePermissions.refusal(path: "/srv/x", mode: mode | S_IFREG, kind: .file), String(mode, radix: 8))
        }
    }

    func testAnyBitForGroupOrOthersIsRefusedWithTheChmodThatFixesIt() {
        for mode: mode_t in [0o755, 0o750, 0o711, 0o701, 0o770, 0o707, 0o1777] {
            let refusal = PrivateFilePermissions.refusal(path: "/srv/casestore/n1", mode: mode | S_IFDIR, kind: .directory)
            XCTAssertEqual(
                refusal,
                "/srv/casestore/n1 has permissions \(String(mode & 0o777, radix: 8)): group or others have access, "
                    + "and it must be accessible by its owner only; run 'chmod 700 /srv/casestore/n1'")
        }
        for mode: mode_t in [0o644, 0o640, 0o604, 0o620, 0o602, 0o610, 0o601, 0o666] {
            let refusal = PrivateFilePermissions.refusal(path: "/etc/casestore/cluster.key", mode: mode, kind: .file)
            XCTAssertTrue(refusal?.hasSuffix("run 'chmod 600 /etc/casestore/cluster.key'") == true, "\(refusal ?? "nil")")
        }
    }

    func testTheAdviceQuotesPathsAShellWouldSplit() {
        XCTAssertEqual(PrivateFilePermissions.shellQuoted("/srv/case store/n1"), "'/srv/case store/n1'")
        XCTAssertEqual(PrivateFilePermissions.shellQuoted("/srv/it's"), "'/srv/it'\\''s'")
        XCTAssertEqual(PrivateFilePermissions.shellQuoted("/srv/$HOME"), "'/srv/$HOME'")
        XCTAssertEqual(PrivateFilePermissions.shellQuoted("/srv/casestore/n1_a.b-c"), "/srv/casestore/n1_a.b-c")
    }

    func testCheckLooksAtTheRealFile() throws {
        let file = directory + "/key"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("k".utf8), attributes: [.posixPermissions: 0o600]))
        XCTAssertNoThrow(try PrivateFilePermissions.check(path: file, kind: .file))
        XCTAssertNoThrow(try PrivateFilePermissions.check(path: directory, kind: .directory))

        XCTAssertEqual(chmod(file, 0o640), 0)
        XCTAssertThrowsError(try PrivateFilePermissions.check(path: file, kind: .file)) { error in
            XCTAssertEqual(error as? PrivateFileError, .exposed(message: PrivateFilePermissions.refusal(path: file, mode: 0o640, kind: .file)!))
        }
        XCTAssertThrowsError(try PrivateFilePermissions.check(path: file, kind: .directory)) { error in
            XCTAssertEqual(error as? PrivateFileError, .wrongKind(path: file, expected: .directory))
            XCTAssertEqual("\(error)", "\(file) is not a directory")
        }
        XCTAssertThrowsError(try PrivateFilePermissions.check(path: directory, kind: .file)) { error in
            XCTAssertEqual("\(error)", "\(self.directory!) is not a regular file")
        }
        XCTAssertThrowsError(try PrivateFilePermissions.check(path: directory + "/missing", kind: .file)) { error in
            XCTAssertEqual("\(error)", "cannot read \(self.directory!)/missing: No such file or directory")
        }
    }

    func testARelativePathIsNamedAbsolutelySoTheAdviceWorksFromAnywhere() throws {
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try FileManager.default.createDirectory(atPath: "data", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        XCTAssertThrowsError(try PrivateFilePermissions.check(path: "./data", kind: .directory)) { error in
            XCTAssertTrue("\(error)".hasSuffix("run 'chmod 700 \(self.directory!)/data'"), "\(error)")
        }
    }
}
