import CaseCore
import CaseStorage
import CaseNet
import Foundation
import Synchronization
import XCTest
@testable import CaseNode
import CaseSupport

final class CaseNodeRuntimeTests: XCTestCase {
    private var directory: String!
    private let logs = LogLines()

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-runtime-\(UUID().uuidString)"
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testStartsOnAnyFreePortServesHealthAndStops() throws {
        let runtime = try makeRuntime(id: "n1")
        let port = try runtime.start().http
        XCTAssertNotEqual(port, 0)
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 5_000)
        let response = try client.send("GET", "/healthz")
        XCTAssertEqual(response.status, 200)
        let body = try response.jsonBody()
        for (key, value) in ["status": "ok", "node": "n1", "name": "n1", "agency": "N1"] as [String: JSONValue] {
            XCTAssertEqual(body[key], value, key)
        }
        // The shipped holiday calendar's reach; its warnings depend on today's date.
        XCTAssertEqual(body["calendar"]?["coveredThrough"], "2099-12-31")
        client.close()

        runtime.stop()
        XCTAssertThrowsError(try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 2_000).send("GET", "/healthz")) { error in
            guard case .cannotConnect = error as? HTTPClientError else { return XCTFail("expected a refused connection, got \(error)") }
        }
        XCTAssertTrue(logs.all.contains { $0.contains("serving") && $0.contains("n1") }, "logs where it serves")
    }

    func testStoppingTwiceOrWithoutStartingIsHarmless() throws {
        let neverStarted = try makeRuntime(id: "n1")
        neverStarted.stop()
        let runtime = try makeRuntime(id: "n1")
        let port = try runtime.start().http
        runtime.stop()
        runtime.stop()
        XCTAssertEqual(logs.all.filter { $0.contains("stopped") }.count, 3)
        XCTAssertThrowsError(try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 2_000).send("GET", "/healthz"))
    }

    func testCreatesTheDataDirectoryOwnerOnly() throws {
        let runtime = try makeRuntime(id: "n1")
        defer { runtime.stop() }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/casestore.sqlite"))
    }

    func testADataDirectoryOfAnotherNodeIsRefusedNamingItsOwner() throws {
        try makeRuntime(id: "n1").stop()
        XCTAssertThrowsError(try makeRuntime(id: "n2")) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("belongs to node 'n1', not 'n2'"), message)
            XCTAssertTrue(message.contains("--id n1"), "says how to fix it: \(message)")
        }
        let again = try makeRuntime(id: "n1")
        again.stop()
    }

    func testADataPathThatIsAFileIsRefused() throws {
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: directory))
        XCTAssertThrowsError(try makeRuntime(id: "n1")) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("data: \(self.directory!) is not a directory"), message)
        }
    }

    func testAMissingCatalogueFileIsRefusedNamingTheSetting() throws {
        var configuration = try configuration(id: "n1")
        configuration.cataloguePath = directory + "-missing-procedures.json"
        XCTAssertThrowsError(try CaseNodeRuntime(configuration: configuration, logger: logger())) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("catalogue: cannot read"), message)
        }
    }

    func testTheProvinceIsRecordedAtFirstStartAndAnotherOneIsRefusedLater() throws {
        let store = try CaseStore(path: directory + "-province.sqlite")
        defer { store.close() }
        try NodeProvince.claim(ProvinceCode("79")!, store: store)
        try NodeProvince.claim(ProvinceCode("79")!, store: store)
        XCTAssertThrowsError(try NodeProvince.claim(ProvinceCode("01")!, store: store)) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("province: this data directory belongs to province 79, not 01"), message)
        }
        var configuration = try configuration(id: "n1")
        XCTAssertThrowsError(try configuration.apply(["province": "02"], source: "test")) { error in
            XCTAssertTrue("\(error)".contains("province: expected 00 (none) or one of the 34 province codes"), "\(error)")
        }
    }

    func testANamedProvinceWithoutARootKeyIsRefusedSayingWhatItNeeds() throws {
        var configuration = try configuration(id: "n1")
        try configuration.apply(["province": "79"], source: "test")
        XCTAssertThrowsError(try CaseNodeRuntime(configuration: configuration, logger: logger())) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("province: province 79 (Thành phố Hồ Chí Minh) holds only its own dossiers"), message)
            XCTAssertTrue(message.contains("give --root-public-key and a certificate naming it"), message)
        }
        try configuration.apply(["province": "00"], source: "test")
        let undivided = try CaseNodeRuntime(configuration: configuration, logger: logger())
        XCTAssertEqual(undivided.province, .unnamed, "the default province needs no root: a cluster of one province, as before")
        undivided.stop()
    }

    func testWithACertificateTheProvinceIsTheOneItNames() throws {
        let key = SigningKey(seed: [UInt8](repeating: 5, count: 32))!
        func certificate(_ province: String) -> Certificate {
            Certificate.issue(
                CertificateRequest(role: .node, clusterID: "c", subject: "n1", publicKey: key.publicKey, validFromMs: 0,
                                   validUntilMs: 1, province: ProvinceCode(province)!),
                serial: Array(repeating: 1, count: 16), by: key)
        }
        XCTAssertEqual(try NodeProvince.resolve(configured: nil, certificate: certificate("48")).rawValue, "48")
        XCTAssertEqual(try NodeProvince.resolve(configured: ProvinceCode("48"), certificate: certificate("48")).rawValue, "48")
        XCTAssertEqual(try NodeProvince.resolve(configured: nil, certificate: nil), .unnamed)
        XCTAssertThrowsError(try NodeProvince.resolve(configured: ProvinceCode("01"), certificate: certificate("48"))) { error in
            XCTAssertTrue("\(error)".contains("its certificate places it in 48"), "\(error)")
        }
    }

    private func configuration(id: String) throws -> NodeConfiguration {
        var configuration = NodeConfiguration()
        try configuration.apply(["id": id, "data": directory, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"], source: "test")
        return configuration
    }

    private func makeRuntime(id: String) throws -> CaseNodeRuntime {
        try CaseNodeRuntime(configuration: try configuration(id: id), logger: logger())
    }

    private func logger() -> Logger {
        let logs = logs
        return Logger(minimumLevel: .info, sink: LogSink { line in logs.append(line) }, clock: { 0 })
    }
}

/// Log lines kept for the test to read.
private final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}
