import CaseCore
import CaseSQLite
import CaseStorage
import XCTest
@testable import CaseCLI
import TestSupport

/// `casectl audit --file`: a backup of a node's signed log passes, and the event whose
/// bytes were altered in the file is named with exit code 1.
final class AuditCommandTests: XCTestCase {
    func testABackupFilePassesUntilOneEventIsAltered() throws {
        let directory = try TemporaryDirectory()
        let root = SigningKey(seed: [UInt8](repeating: 0xE0, count: 32))!
        let key = SigningKey(seed: [UInt8](repeating: 0xE1, count: 32))!
        let path = directory.url.appendingPathComponent("backup.sqlite").path
        let store = try CaseStore(path: path, signing: EventSigning(signer: ("n1", key), trust: .unverified))
        let certificate = Certificate.issue(
            CertificateRequest(role: .node, clusterID: "tinh-79", subject: "n1", publicKey: key.publicKey,
                               validFromMs: TestEvents.baseMs - 1_000, validUntilMs: TestEvents.baseMs + 86_400_000 * 365),
            serial: [UInt8](repeating: 5, count: 16), by: root)
        for event in TestEvents.chain(origin: "n1", code: "N1-250701-0001", count: 3) { _ = try store.write { try $0.append(event) } }
        store.close()
        // The node keeps certificates only when it runs with a root key; put n1's in as such a node would have.
        let connection = try SQLiteConnection(path: path)
        try connection.execute("INSERT INTO certificates (serial, subject, encoded) VALUES (?, ?, ?)",
                               [.blob(certificate.serial), .text("n1"), .blob(certificate.encoded)])
        try connection.close()

        let arguments = ["audit", "--file", path, "--root-public-key", root.publicKey.hex, "--cluster-id", "tinh-79"]
        let passed = CasectlTranscript.run(arguments)
        XCTAssertEqual(passed.exitCode, 0, passed.error)
        XCTAssertTrue(passed.standard.contains("3 events of 1 origins; 3 signed"), passed.standard)
        XCTAssertTrue(passed.standard.contains("every signature verifies"), passed.standard)

        let altering = try SQLiteConnection(path: path)
        try altering.execute("UPDATE events SET payload = replace(payload, 'ghi chú', 'ghi chú giả') WHERE seq = 2")
        try altering.close()
        let failed = CasectlTranscript.run(arguments)
        XCTAssertEqual(failed.exitCode, 1)
        XCTAssertTrue(failed.standard.contains("n1/2: its bytes do not give its stored chain link"), failed.standard)
        XCTAssertFalse(failed.standard.contains("n1/3"), "only the altered event is named")

        let otherRoot = CasectlTranscript.run(["audit", "--file", path, "--root-public-key", key.publicKey.hex, "--cluster-id", "tinh-79"])
        XCTAssertEqual(otherRoot.exitCode, 1, "signatures checked against another root vouch for nothing")
    }
}
