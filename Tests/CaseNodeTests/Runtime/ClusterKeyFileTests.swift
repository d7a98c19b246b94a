import Foundation
import XCTest
@testable import CaseNode
import CaseSupport

/// The cluster key file: made at 0600 when absent, refused unless owner-only
/// and well formed, and named by the `cluster-key` setting.
final class ClusterKeyFileTests: XCTestCase {
    private var directory: String!
    private let key = String(repeating: "3c", count: 32)

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    private func write(_ text: String, mode: Int, name: String = "keys") throws -> String {
        let path = directory + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    private func mode(of path: String) throws -> Int {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testWithoutASettingTheNodeMakesAKeyInItsDataDirectoryAtMode0600AndKeepsIt() throws {
        var configuration = NodeConfiguration()
        configuration.dataDirectory = directory
        let first = try ClusterKeyFile.load(for: configuration)
        XCTAssertTrue(first.created)
        XCTAssertEqual(first.path, directory + "/cluster.key")
        XCTAssertEqual(try mode(of: first.path), 0o600)
        let second = try ClusterKeyFile.load(for: configuration)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.keyRing, first.keyRing, "the same key on every later start")
    }

    func testAFileOnlyItsOwnerCanReadIsAccepted() throws {
        for mode in [0o600, 0o400, 0o700] {
            let path = try write("# the cluster's key\n" + key + "\n", mode: mode, name: "k\(mode)")
            XCTAssertEqual(try ClusterKeyFile.read(path).primary.bytes, Array(repeating: 0x3c, count: 32), "mode \(String(mode, radix: 8))")
        }
    }

    func testFilesOthersCouldReadAreRefusedWithTheFix() throws {
        for mode in [0o644, 0o640, 0o604, 0o660, 0o610, 0o601, 0o666] {
            let path = try write(key, mode: mode, name: "k\(mode)")
            XCTAssertThrowsError(try ClusterKeyFile.read(path), "mode \(String(mode, radix: 8))") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("has permissions \(String(mode, radix: 8))"), text)
                XCTAssertTrue(text.contains("chmod 600 \(path)"), text)
            }
        }
    }

    func testMalformedFilesAreRefusedNamingTheLine() throws {
        let cases: [(text: String, message: String)] = [
            ("# comment\n" + key.dropLast() + "x\n", "line 2: a key may contain only the hexadecimal digits"),
            (String(key.dropLast(2)), "line 1: a key is 64 hexadecimal digits"),
            ("", "holds no key"),
        ]
        for (index, testCase) in cases.enumerated() {
            let path = try write(testCase.text, mode: 0o600, name: "bad\(index)")
            XCTAssertThrowsError(try ClusterKeyFile.read(path)) { error in
                XCTAssertTrue("\(error)".hasPrefix("cluster-key: \(path): "), "\(error)")
                XCTAssertTrue("\(error)".contains(testCase.message), "\(error)")
            }
        }
    }

    func testANamedFileThatIsMissingIsRefusedNotCreated() throws {
        var configuration = NodeConfiguration()
        configuration.dataDirectory = directory
        configuration.clusterKeyPath = directory + "/missing.key"
        XCTAssertThrowsError(try ClusterKeyFile.load(for: configuration)) { error in
            XCTAssertTrue("\(error)".contains("cannot read \(self.directory!)/missing.key"), "\(error)")
            XCTAssertTrue("\(error)".contains("same key file"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/missing.key"))
    }

    func testTheSettingFromFlagsAndConfigFiles() throws {
        var configuration = NodeConfiguration()
        try configuration.apply(["cluster-key": "/etc/casestore/hanoi.key"], source: "--")
        XCTAssertEqual(configuration.clusterKeyPath, "/etc/casestore/hanoi.key")
        XCTAssertTrue(NodeConfiguration.settingNames.contains("cluster-key"))
        XCTAssertThrowsError(try configuration.apply(["cluster-key": ""], source: "--")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cluster-key: the key file path must not be empty"), "\(error)")
        }
    }

    func testANodeDoesNotStartWithAKeyFileOthersCanRead() throws {
        var configuration = NodeConfiguration()
        configuration.dataDirectory = directory + "/data"
        configuration.httpAddress = ListenAddress(host: "127.0.0.1", port: 0)
        configuration.peerAddress = ListenAddress(host: "127.0.0.1", port: 0)
        configuration.clusterKeyPath = try write(key, mode: 0o644)
        XCTAssertThrowsError(try CaseNodeRuntime(configuration: configuration, logger: Logger(sink: .discard, clock: { 0 }))) { error in
            XCTAssertTrue("\(error)".contains("must be accessible by its owner only"), "\(error)")
            XCTAssertTrue("\(error)".contains("run 'chmod 600 \(configuration.clusterKeyPath!)'"), "\(error)")
        }
    }
}
