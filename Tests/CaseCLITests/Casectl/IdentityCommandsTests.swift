import CaseCore
import CaseSystem
import Foundation
import XCTest
@testable import CaseCLI
import TestSupport

/// `casectl root init|show` and `casectl certify`, offline: the root key file is made
/// at 0600 and never overwritten, and a certificate made with it verifies.
final class IdentityCommandsTests: XCTestCase {
    func testARootMadeByCasectlCertifiesANodeKey() throws {
        let directory = try TemporaryDirectory()
        let rootPath = directory.url.path + "/root.key"
        let made = CasectlTranscript.run(["root", "init", "--out", rootPath])
        XCTAssertEqual(made.exitCode, 0, made.error)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: rootPath)[.posixPermissions] as? Int, 0o600)
        let again = CasectlTranscript.run(["root", "init", "--out", rootPath])
        XCTAssertEqual(again.exitCode, 1, "an existing root key is never overwritten")
        XCTAssertTrue(again.error.contains("File exists"), again.error)

        let shown = CasectlTranscript.run(["root", "show", "--root-key", rootPath])
        let root = try XCTUnwrap(SigningPublicKey(hex: shown.standard.split(separator: " ").first ?? ""))
        XCTAssertTrue(made.standard.contains(root.hex))

        let node = SigningKey(seed: [UInt8](repeating: 4, count: 32))!
        let certificatePath = directory.url.path + "/n1.cert"
        let certified = CasectlTranscript.run(
            ["certify", "n1", "--root-key", rootPath, "--cluster-id", "tinh-79", "--public-key-file", "n1.pub", "--out", certificatePath,
             "--api-address", "https://n1.example:7400"],
            files: ["n1.pub": node.publicKey.hex + "\n"])
        XCTAssertEqual(certified.exitCode, 0, certified.error)
        let certificate = try Certificate(fileText: String(contentsOfFile: certificatePath, encoding: .utf8))
        XCTAssertNoThrow(try certificate.verify(root: root, clusterID: "tinh-79", role: .node, nowMs: Int64(Date().timeIntervalSince1970 * 1_000)))
        XCTAssertEqual(certificate.subject, "n1")
        XCTAssertEqual(certificate.publicKey, node.publicKey)
        XCTAssertEqual(certificate.apiAddress, "https://n1.example:7400")
    }

    func testCertifyRefusesWhatCannotBeCertified() throws {
        let directory = try TemporaryDirectory()
        let rootPath = directory.url.path + "/root.key"
        XCTAssertEqual(CasectlTranscript.run(["root", "init", "--out", rootPath]).exitCode, 0)
        let key = SigningKey(seed: [UInt8](repeating: 4, count: 32))!.publicKey.hex
        let cases: [([String], String)] = [
            (["certify", "n1", "--root-key", rootPath], "give the node's public key with --public-key HEX or --public-key-file FILE"),
            (["certify", "n1", "--root-key", rootPath, "--public-key", "abcd"], "--public-key: expected 64 hexadecimal digits"),
            (["certify", "N 1", "--root-key", rootPath, "--public-key", key], "is not a node id"),
            (["certify", "n1", "--root-key", rootPath, "--public-key", key, "--valid-days", "0"], "--valid-days: expected a whole number from 1"),
            (["certify", "n1", "--root-key", directory.url.path + "/none.key", "--public-key", key], "root key: cannot read"),
        ]
        for (arguments, text) in cases {
            let run = CasectlTranscript.run(arguments + ["--out", directory.url.path + "/x.cert"])
            XCTAssertNotEqual(run.exitCode, 0, arguments.joined(separator: " "))
            XCTAssertTrue(run.error.contains(text), "\(arguments): \(run.error)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url.path + "/x.cert"))
        }
    }

    /// The root key is read by the same owner-only rule as a node's keys and data directory.
    func testARootKeyOthersCanReadIsRefusedWithTheChmod() throws {
        let directory = try TemporaryDirectory()
        let rootPath = directory.url.path + "/root.key"
        XCTAssertEqual(CasectlTranscript.run(["root", "init", "--out", rootPath]).exitCode, 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: rootPath)
        let run = CasectlTranscript.run(["root", "show", "--root-key", rootPath])
        XCTAssertEqual(run.exitCode, 1, run.error)
        XCTAssertTrue(run.error.contains("root key: \(rootPath) has permissions 640"), run.error)
        XCTAssertTrue(run.error.contains("run 'chmod 600 \(rootPath)'"), run.error)
    }
}
