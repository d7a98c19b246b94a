import CaseStorage
import Foundation
import NodeLauncher
import Synchronization
import TestSupport
import XCTest
import CaseSupport

/// kill -9 in the middle of a stream of filings: every filing that got a 201 survives.
final class CrashDurabilityEndToEndTests: XCTestCase {
    func testEveryAcknowledgedFilingSurvivesKill9() throws {
        let data = CasenodeProcess.temporaryDirectory("kill9")
        let first = CasenodeProcess.forTests(dataDirectory: data)
        try first.start()
        let acknowledged = AcknowledgedCodes()
        let clientCount = 4
        let killAfter = 120
        let done = DispatchGroup()
        let baseURL = first.baseURL
        let token = first.adminToken
        for worker in 0..<clientCount {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                Self.fileUntilRefused(baseURL: baseURL, token: token, worker: worker, acknowledged: acknowledged)
            }
        }
        // Wait (bounded) until enough filings were acknowledged, then pull the plug mid-stream.
        _ = eventually(within: 60) { acknowledged.count >= killAfter }
        first.kill9()
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success, "clients stop once the node is gone")
        let codes = acknowledged.all
        XCTAssertGreaterThanOrEqual(codes.count, killAfter)

        let second = CasenodeProcess.forTests(dataDirectory: data)
        try second.start()
        let client = try second.client()
        for code in codes {
            XCTAssertEqual(try client.json("GET", "/v1/dossiers/\(code)").status, 200, "acknowledged \(code) is lost")
        }
        second.stop()

        let store = try CaseStore(path: data + "/casestore.sqlite")
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        store.close()
    }

    /// Files dossiers one after another until the node stops answering; records each 201's code.
    private static func fileUntilRefused(baseURL: String, token: String, worker: Int, acknowledged: AcknowledgedCodes) {
        guard let client = try? AuthorizedClient(baseURL: baseURL, token: token, timeoutMs: 5_000) else { return }
        let body = JSONWriter.serialize(DossierLifecycleEndToEndTests.filing)
        for _ in 0..<100_000 {
            guard let response = try? client.send("POST", "/v1/dossiers", headers: [("Content-Type", "application/json")], body: body),
                  response.status == 201,
                  let code = (try? JSONParser().parse(response.body))?["code"]?.stringValue else { return }
            acknowledged.append(code)
        }
    }
}

/// The codes of filings that got a 201, shared by the client threads.
final class AcknowledgedCodes: Sendable {
    private let codes = Mutex<[String]>([])

    func append(_ code: String) { codes.withLock { $0.append(code) } }
    var count: Int { codes.withLock { $0.count } }
    var all: [String] { codes.withLock { $0 } }
}

/// SIGTERM and SIGINT stop the node cleanly: exit status 0, and its data reopens.
final class ShutdownEndToEndTests: XCTestCase {
    func testTerminationSignalsStopTheNodeWithExitStatusZero() throws {
        for signalNumber in [SIGTERM, SIGINT] {
            let node = CasenodeProcess.forTests(dataDirectory: CasenodeProcess.temporaryDirectory("shutdown"))
            try node.start()
            XCTAssertEqual(try node.client().json("POST", "/v1/dossiers", DossierLifecycleEndToEndTests.filing).status, 201)
            node.send(signalNumber)
            let exit = node.waitUntilExit()
            XCTAssertEqual(exit?.reason, .exit, "signal \(signalNumber)")
            XCTAssertEqual(exit?.status, 0, "signal \(signalNumber): \(node.errorOutput)")
        }
    }
}
