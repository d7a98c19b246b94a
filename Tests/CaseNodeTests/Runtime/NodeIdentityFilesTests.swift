import CaseCore
import CaseSystem
import Foundation
import XCTest
@testable import CaseNode
import TestSupport

/// The node's key and certificate on disk: made at 0600 on first start, kept, and a
/// node configured with a root key starts only with its own valid certificate.
final class NodeIdentityFilesTests: XCTestCase {
    private let root = SigningKey(seed: [UInt8](repeating: 0xB0, count: 32))!
    private var directory: TemporaryDirectory!
    private var configuration = NodeConfiguration()

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        configuration.id = "n1"
        configuration.clusterID = "tinh-79"
        configuration.dataDirectory = directory.url.path
    }

    private func mode(of path: String) throws -> Int {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    private func certify(_ subject: String, key: SigningPublicKey, cluster: String = "tinh-79", by signer: SigningKey? = nil, untilMs: Int64 = 4_000_000_000_000) throws {
        let request = CertificateRequest(role: .node, clusterID: cluster, subject: subject, publicKey: key, validFromMs: 0, validUntilMs: untilMs)
        let certificate = Certificate.issue(request, serial: [UInt8](repeating: 1, count: 16), by: signer ?? root)
        try? FileManager.default.removeItem(atPath: NodeIdentityFiles.certificatePath(configuration))
        try PrivateKeyFile.create(NodeIdentityFiles.certificatePath(configuration), text: certificate.text + "\n", what: "certificate")
    }

    private func startError() -> String? {
        do {
            let key = try NodeIdentityFiles.loadOrCreateKey(configuration).key
            _ = try NodeIdentityFiles.identity(configuration, key: key, nowMs: { 1_800_000_000_000 })
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testTheKeyIsMadeOnceAtMode0600WithItsPublicHalfBeside() throws {
        let first = try NodeIdentityFiles.loadOrCreateKey(configuration)
        XCTAssertTrue(first.created)
        XCTAssertEqual(try mode(of: NodeIdentityFiles.keyPath(configuration)), 0o600)
        let published = try String(contentsOfFile: directory.url.path + "/node.pub", encoding: .utf8)
        XCTAssertEqual(SigningPublicKey(hex: published), first.key.publicKey)
        let second = try NodeIdentityFiles.loadOrCreateKey(configuration)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.key.publicKey, first.key.publicKey)
    }

    func testAKeyFileOthersCanReadIsRefusedWithTheChmodThatFixesIt() throws {
        _ = try NodeIdentityFiles.loadOrCreateKey(configuration)
        let path = NodeIdentityFiles.keyPath(configuration)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        XCTAssertThrowsError(try NodeIdentityFiles.loadOrCreateKey(configuration)) { error in
            XCTAssertTrue("\(error)".contains("run 'chmod 600 \(path)'"), "\(error)")
        }
    }

    func testWithoutARootKeyTheNodeRunsWithoutAnIdentity() throws {
        let key = try NodeIdentityFiles.loadOrCreateKey(configuration).key
        XCTAssertNil(try NodeIdentityFiles.identity(configuration, key: key, nowMs: { 0 }))
    }

    func testWithARootKeyTheNodeStartsOnlyWithItsOwnValidCertificate() throws {
        configuration.rootPublicKey = root.publicKey
        XCTAssertTrue(startError()?.contains("has no certificate") == true, startError() ?? "started")
        XCTAssertTrue(startError()?.contains("casectl certify n1") == true, startError() ?? "started")
        let key = try NodeIdentityFiles.loadOrCreateKey(configuration).key

        try certify("n2", key: key.publicKey)
        XCTAssertTrue(startError()?.contains("certifies node 'n2', not 'n1'") == true, startError() ?? "started")
        try certify("n1", key: TestIdentityKeys.other)
        XCTAssertTrue(startError()?.contains("not this node's key") == true, startError() ?? "started")
        try certify("n1", key: key.publicKey, by: SigningKey(seed: [UInt8](repeating: 0xB1, count: 32))!)
        XCTAssertTrue(startError()?.contains("is not signed by the cluster root") == true, startError() ?? "started")
        try certify("n1", key: key.publicKey, cluster: "tinh-01")
        XCTAssertTrue(startError()?.contains("is for cluster \"tinh-01\"") == true, startError() ?? "started")
        try certify("n1", key: key.publicKey, untilMs: 1_700_000_000_000)
        XCTAssertTrue(startError()?.contains("expired") == true, startError() ?? "started")

        try certify("n1", key: key.publicKey)
        XCTAssertNil(startError())
    }
}

private enum TestIdentityKeys {
    static let other = SigningKey(seed: [UInt8](repeating: 0xB2, count: 32))!.publicKey
}
