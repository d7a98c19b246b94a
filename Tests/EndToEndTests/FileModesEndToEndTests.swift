import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// The casenode process itself: it runs with umask 077, leaves owner-only files, and refuses
/// a data directory others can enter, saying which chmod fixes it.
final class FileModesEndToEndTests: XCTestCase {
    func testTheNodeRunsWithAnOwnerOnlyUmaskAndLeavesOwnerOnlyFiles() throws {
        let data = CasenodeProcess.temporaryDirectory("modes") + "/node"
        let node = CasenodeProcess.forTests(dataDirectory: data)
        try node.start()
        defer {
            node.stop()
            node.removeFiles()
        }
        let pid = try XCTUnwrap(node.pid)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        XCTAssertTrue(status.contains("Umask:\t0077\n"), status)
        XCTAssertEqual(try mode(data), 0o700)
        XCTAssertEqual(try mode(data + "/backups"), 0o700)
        for file in ["casestore.sqlite", "casestore.sqlite-wal", "casestore.sqlite-shm", "admin.token"] {
            XCTAssertEqual(try mode(data + "/" + file), 0o600, file)
        }
    }

    func testADataDirectoryOthersCanEnterIsRefusedWithTheChmod() throws {
        let data = CasenodeProcess.temporaryDirectory("open")
        XCTAssertEqual(chmod(data, 0o755), 0)
        let node = CasenodeProcess.forTests(dataDirectory: data)
        defer { node.removeFiles() }
        XCTAssertThrowsError(try node.start()) { error in
            XCTAssertTrue("\(error)".contains("casenode: data: \(data) has permissions 755"), "\(error)")
            XCTAssertTrue("\(error)".contains("run 'chmod 700 \(data)'"), "\(error)")
        }
        XCTAssertEqual(node.waitUntilExit()?.status, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data), [])
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }
}
