import CaseStorage
import Foundation
import Synchronization
import XCTest
@testable import CaseNode
import CaseSupport
import CaseReplication

/// Retirements survive restarts: kept in `node_meta`, given back to the core,
/// and a node that knows it is retired does not start unless re-admitted.
final class RetirementPersistenceTests: XCTestCase {
    private var directory: String!
    private let lines = RecordedLines()

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-retirement-\(UUID().uuidString)"
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    private func configuration(id: String = "n3", readmit: Bool = false) throws -> NodeConfiguration {
        var configuration = NodeConfiguration()
        try configuration.apply(["id": id, "data": directory, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"], source: "test")
        configuration.readmit = readmit
        return configuration
    }

    private func runtime(readmit: Bool = false) throws -> CaseNodeRuntime {
        let lines = lines
        let logger = Logger(minimumLevel: .info, sink: LogSink { line in lines.append(line) }, clock: { 0 })
        return try CaseNodeRuntime(configuration: try configuration(readmit: readmit), logger: logger)
    }

    private static func retired(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "10.0.0.\(id.dropFirst()):7401", httpAddress: "10.0.0.\(id.dropFirst()):7400", incarnation: 1 << 32, state: .retired)
    }

    /// Writes the retired list into the node's database, as its runtime would have.
    private func record(_ records: [MemberRecord]) throws {
        let store = try CaseStore(path: try configuration().databasePath)
        defer { store.close() }
        try RetiredMemberRegistry(store: store).replace(with: records)
    }

    func testTheRegistryKeepsTheListAcrossReopeningAndSaysWhatChanged() throws {
        try runtime().stop()
        let store = try CaseStore(path: try configuration().databasePath)
        defer { store.close() }
        let registry = try RetiredMemberRegistry(store: store)
        XCTAssertEqual(registry.all, [])
        XCTAssertNil(registry.refusal(of: "n4"))

        let first = try registry.replace(with: [Self.retired("n5"), Self.retired("n4")])
        XCTAssertEqual(first.retired, ["n4", "n5"])
        XCTAssertEqual(first.readmitted, [])
        XCTAssertEqual(try RetiredMemberRegistry(store: store).all, [Self.retired("n4"), Self.retired("n5")], "read back as written")
        let reason = try XCTUnwrap(registry.refusal(of: "n4"))
        XCTAssertTrue(reason.contains("node n4 was retired by an admin") && reason.contains("casectl readmit n4") && reason.contains("--root-key"), reason)

        let second = try registry.replace(with: [Self.retired("n5")])
        XCTAssertEqual(second.retired, [])
        XCTAssertEqual(second.readmitted, ["n4"])
        XCTAssertNil(registry.refusal(of: "n4"))
        XCTAssertEqual(try RetiredMemberRegistry(store: store).all.map(\.id), ["n5"])
    }

    func testAnUnreadableListIsRefusedNamingWhereItIs() throws {
        try runtime().stop()
        let store = try CaseStore(path: try configuration().databasePath)
        try store.write { try $0.setMeta(RetiredMemberRegistry.metaKey, #"[{"id": "n4"}]"#) }
        store.close()
        XCTAssertThrowsError(try runtime()) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("retired members") && message.contains("node_meta 'retired_members'"), message)
        }
    }

    func testANodeThatKnowsItIsRetiredRefusesToStartUnlessReadmitted() throws {
        try runtime().stop()
        try record([Self.retired("n3"), Self.retired("n4")])
        XCTAssertThrowsError(try runtime()) { error in
            let message = (error as? ConfigurationError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("node n3 was retired by an admin (commune merger)"), message)
            XCTAssertTrue(message.contains("'casectl readmit n3'") && message.contains("--readmit"), "says how to come back: \(message)")
        }

        let readmitted = try runtime(readmit: true)
        XCTAssertTrue(lines.all.contains { $0.contains("starting although retired") }, "\(lines.all)")
        readmitted.stop()
        let store = try CaseStore(path: try configuration().databasePath)
        defer { store.close() }
        XCTAssertEqual(try RetiredMemberRegistry(store: store).all.map(\.id), ["n4"], "only its own retirement is forgotten")
    }

    func testRetirementsLearntBeforeARestartAreKnownToTheCoreAtStart() throws {
        try runtime().stop()
        try record([Self.retired("n4")])
        let node = try runtime()
        defer { node.stop() }
        try node.start()
        XCTAssertEqual(try node.replication.member("n4"), Self.retired("n4"))
        XCTAssertEqual(try node.replication.member("n3")?.state, .alive)
    }
}

/// Log lines kept for the test to read.
private final class RecordedLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}
