import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// Storage faults against real casenode processes: a full disk and a damaged database file.
final class StorageFaultEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
    }

    @discardableResult
    private func startNode(_ id: String, data: String? = nil, joining others: [CasenodeProcess], extra: [String] = []) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "e2e", "--sync-interval-ms", "200"] + extra
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, dataDirectory: data, extraArguments: arguments)
        try node.start()
        nodes.append(node)
        return node
    }



    private func filing(_ name: String) -> JSONValue {
        ["procedureCode": "1.001193", "applicant": ["fullName": .string(name), "idNumber": "001190000001"]]
    }

    /// Both nodes see each other alive.
    private func awaitMembership(_ nodes: [CasenodeProcess]) throws {
        try eventually("every node sees \(nodes.count) alive members") {
            try nodes.allSatisfy { node in
                (try node.cluster()["members"]?.arrayValue ?? []).filter { $0["state"] == "alive" }.count == nodes.count
            }
        }
    }

    private func awaitConvergence(_ nodes: [CasenodeProcess], events: Int64? = nil) throws {
        try eventually("the nodes hold the same dossiers") {
            let views = try nodes.map { try $0.cluster() }
            let digests = Set(views.compactMap { $0["digest"]?.stringValue })
            return digests.count == 1 && views.allSatisfy { $0["caughtUp"] == true && (events == nil || $0["eventsHeld"]?.int64Value == events) }
        }
    }

    private func replicationStorageErrors(_ node: CasenodeProcess) throws -> Double {
        let metrics = String(decoding: try node.client().send("GET", "/metrics").body, as: UTF8.self)
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("casestore_replication_total{counter=\"storage_errors\"}") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    func testAFullDiskRefusesFilingsHonestlyKeepsServingReadsAndCatchesUpWhenFreed() throws {
        let full = try startNode("n1", joining: [], extra: ["--debug-faults"])
        let other = try startNode("n2", joining: [full])
        try awaitMembership([full, other])
        XCTAssertEqual(try other.client().json("POST", "/v1/debug/storage", ["clear": true]).status, 404, "no debug control without --debug-faults")

        XCTAssertEqual(try full.client().json("POST", "/v1/debug/storage", ["diskFullAfterBytes": 800_000]).status, 200)
        var acknowledged: [String] = []
        var refusal: JSONValue?
        for index in 0..<1_000 where refusal == nil {
            let answer = try full.client().json("POST", "/v1/dossiers", filing("Trần Văn \(index)"))
            switch answer.status {
            case 201: acknowledged.append(try XCTUnwrap(answer.body["code"]?.stringValue))
            default: refusal = answer.body
            }
        }
        XCTAssertGreaterThan(acknowledged.count, 0, "some filings fit before the disk filled")
        XCTAssertEqual(refusal?["error"]?["code"], "storage_full")
        for index in 0..<5 {
            XCTAssertEqual(try full.client().json("POST", "/v1/dossiers", filing("Đỗ Thị \(index)")).status, 507, "still full")
        }
        XCTAssertEqual(try full.client().json("POST", "/v1/dossiers/\(acknowledged[0])/actions", ["action": "start"]).status, 507)
        XCTAssertEqual(try full.client().json("GET", "/v1/dossiers/\(acknowledged[0])").status, 200, "reads keep working")
        XCTAssertEqual(try full.client().json("GET", "/v1/dossiers?limit=1").status, 200)

        var filedElsewhere: [String] = []
        for index in 0..<10 {
            let answer = try other.client().json("POST", "/v1/dossiers", filing("Vũ Văn \(index)"))
            XCTAssertEqual(answer.status, 201)
            filedElsewhere.append(try XCTUnwrap(answer.body["code"]?.stringValue))
        }
        try eventually("the full node counts the replication applies it could not store") { try replicationStorageErrors(full) > 0 }
        XCTAssertEqual(try full.client().json("GET", "/v1/cluster").status, 200, "the full node still answers")

        XCTAssertEqual(try full.client().json("POST", "/v1/debug/storage", ["clear": true]).status, 200)
        try awaitConvergence([full, other], events: Int64(acknowledged.count + filedElsewhere.count))
        for code in acknowledged + filedElsewhere {
            for node in [full, other] {
                XCTAssertEqual(try node.client().json("GET", "/v1/dossiers/\(code)").status, 200, "\(code) on \(node.id)")
            }
        }
        XCTAssertEqual(try full.client().json("POST", "/v1/dossiers", filing("Hồ Văn Lành")).status, 201, "writes work again")
    }

    func testAMaxPageCapAnswers507WhenTheDatabaseIsFull() throws {
        let node = try startNode("n1", joining: [], extra: ["--max-db-pages", "240"])
        var statuses: [Int] = []
        for index in 0..<2_000 where statuses.last != 507 {
            statuses.append(try node.client().json("POST", "/v1/dossiers", filing("Lý Văn \(index)")).status)
        }
        XCTAssertEqual(statuses.last, 507, "the cap was reached")
        XCTAssertEqual(Set(statuses.dropLast()), [201])
        XCTAssertEqual(try node.client().json("GET", "/v1/dossiers?limit=1").body["total"]?.int64Value, Int64(statuses.count - 1))
    }

    func testADamagedDatabaseIsRefusedAtStartWithTheRebuildInstruction() throws {
        let data = CasenodeProcess.temporaryDirectory("damaged")
        let node = try startNode("n1", data: data, joining: [])
        for index in 0..<200 {
            XCTAssertEqual(try node.client().json("POST", "/v1/dossiers", filing("Ngô Văn \(index)")).status, 201)
        }
        node.stop()
        try Self.damage(data + "/casestore.sqlite")

        let restarted = CasenodeProcess.forTests(id: "n1", dataDirectory: data)
        XCTAssertThrowsError(try restarted.start(), "a damaged database is refused at start")
        restarted.stop()  // only if it started after all, so that the wait below ends
        XCTAssertNotEqual(restarted.waitUntilExit()?.status, 0)
        let message = restarted.errorOutput
        XCTAssertTrue(message.contains("\(data)/casestore.sqlite is damaged"), message)
        XCTAssertTrue(message.contains("--rebuild --join"), message)
    }

    func testARebuiltNodeCatchesUpFromItsPeerAndContinuesItsOwnSequence() throws {
        let peer = try startNode("n1", joining: [])
        let data = CasenodeProcess.temporaryDirectory("rebuilt")
        let damaged = try startNode("n2", data: data, joining: [peer])
        try awaitMembership([peer, damaged])
        var earlierCodes: Set<String> = []
        for index in 0..<150 {
            let answer = try damaged.client().json("POST", "/v1/dossiers", filing("Phan Văn \(index)"))
            XCTAssertEqual(answer.status, 201)
            earlierCodes.insert(try XCTUnwrap(answer.body["code"]?.stringValue))
        }
        for index in 0..<10 {
            XCTAssertEqual(try peer.client().json("POST", "/v1/dossiers", filing("Bùi Thị \(index)")).status, 201)
        }
        try awaitConvergence([peer, damaged], events: 160)
        damaged.stop()
        try Self.damage(data + "/casestore.sqlite")

        let rebuilt = try startNode("n2", data: data, joining: [peer], extra: ["--rebuild"])
        let kept = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasPrefix("casestore.sqlite.damaged-") }
        XCTAssertFalse(kept.isEmpty, "the damaged file is kept")
        try awaitConvergence([peer, rebuilt], events: 160)
        XCTAssertEqual(try rebuilt.cluster()["versionVector"]?["n2"], 150)

        let next = try rebuilt.client().json("POST", "/v1/dossiers", filing("Mai Văn Mới"))
        XCTAssertEqual(next.status, 201, "\(next.body)")
        XCTAssertEqual(next.body["history"]?[0]?["event"], "n2/151", "the next sequence continues after the caught-up ones")
        XCTAssertFalse(earlierCodes.contains(next.body["code"]?.stringValue ?? ""), "no dossier code is reused")
        try eventually("the peer holds the new event") { try peer.cluster()["versionVector"]?["n2"] == 151 }
        try awaitConvergence([peer, rebuilt], events: 161)
    }

    /// Overwrites pages in the middle of the file with garbage, as a failing disk might.
    static func damage(_ path: String) throws {
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        let pageBytes: UInt64 = 4_096
        let pages = size / pageBytes
        XCTAssertGreaterThan(pages, 10, "enough pages to damage some in the middle")
        try handle.seek(toOffset: (pages * 2 / 5) * pageBytes)
        let garbage = (0..<Int(pageBytes * (pages / 5))).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        try handle.write(contentsOf: garbage)
        try handle.synchronize()
    }
}
