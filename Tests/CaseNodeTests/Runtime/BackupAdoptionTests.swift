import CaseCore
import CaseNet
import Foundation
import XCTest
@testable import CaseNode
import CaseSupport

/// A node started from a backup takes a new identity: under a new id it starts, holds
/// everything, and numbers its own events from 1; under the old id it is refused.
final class BackupAdoptionTests: XCTestCase {
    private var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "casestore-adoption-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/restored", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        if let root { try? FileManager.default.removeItem(atPath: root) }
    }

    private func runtime(id: String, data: String) throws -> CaseNodeRuntime {
        var configuration = NodeConfiguration()
        try configuration.apply(["id": id, "data": root + "/" + data, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"], source: "test")
        return try CaseNodeRuntime(configuration: configuration, logger: Logger(sink: .discard, clock: { 0 }))
    }

    func testABackupStartsUnderANewIdOnlyAndNeverContinuesTheOldLog() throws {
        let original = try runtime(id: "n1", data: "n1")
        let port = try original.start().http
        let filed = try original.service.file(FilingRequest(
            procedureCode: "1.001193", applicant: Applicant(fullName: "Đặng Thị Mai", idNumber: "001190012345")))
        _ = try original.service.act(on: filed.code, ActionRequest(action: .start), by: .clerk(centre: "n1"))
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 30_000)
        let body = JSONWriter.serialize(["file": "n1.sqlite"])
        let answer = try client.send(
            "POST", "/v1/admin/backup", headers: [("Content-Type", "application/json"), try original.adminAuthorization()], body: body)
        client.close()
        original.stop()
        XCTAssertEqual(answer.status, 200, answer.bodyText)
        try FileManager.default.copyItem(atPath: root + "/n1/backups/n1.sqlite", toPath: root + "/restored/casestore.sqlite")

        XCTAssertThrowsError(try runtime(id: "n1", data: "restored")) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("holds 2 events written by 'n1'"), message)
            XCTAssertTrue(message.contains("start it with a new --id"), message)
        }

        let adopted = try runtime(id: "n9", data: "restored")
        defer { adopted.stop() }
        XCTAssertEqual(try adopted.service.dossier(code: filed.code).status, .processing)
        // An admin's step: the dossier is still n1's, and n9's clerks are not in its lane.
        let next = try adopted.service.act(on: filed.code, ActionRequest(action: .resolve), by: .admin)
        XCTAssertEqual(next.history.last?.event, EventID(origin: "n9", sequence: 1))
        XCTAssertEqual(next.history.map(\.event.origin), ["n1", "n1", "n9"])
    }
}
