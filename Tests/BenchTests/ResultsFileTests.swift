@testable import Bench
import CaseSupport
import Foundation
import XCTest

final class ResultsFileTests: XCTestCase {
    private static let resultsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tools/bench-results")

    /// The committed files were written by Foundation's JSONEncoder (`"key" : value`, `\/`,
    /// `3` for 3.0): `casebench report` and the partial runs must still read them, and what
    /// JSONWriter writes for them must read back the same.
    func testEveryCommittedResultsFileLoadsAndRoundTrips() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.resultsDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertTrue(files.contains("latest.json"), "\(files)")
        for file in files {
            let results = try ResultsFile.read(path: Self.resultsDirectory.appendingPathComponent(file).path)
            XCTAssertFalse(results.suite.isEmpty, file)
            XCTAssertEqual(try ResultsFile.decode(ResultsFile.encode(results)), results, file)
        }
        let latest = try ResultsFile.read(path: Self.resultsDirectory.appendingPathComponent("latest.json").path)
        XCTAssertEqual(latest.machine.dataDirectory.first, "/", "\\/ reads as /")
        XCTAssertNotNil(latest.filing?.runs.first?.latency.p99Ms)
    }

    func testWritesSortedPrettyJSONWithoutNilFields() throws {
        var results = BenchResults(
            suite: "quick", startedAt: "2025-07-01T08:00:00Z",
            machine: MachineInfo(cpuModel: "x", cores: 2, memoryBytes: 1, dataDisk: "/dev/vda (ext4)", dataDirectory: "/tmp",
                                 os: "Linux", swiftVersion: "6", loadAverageStart: 0.5, loadAverageEnd: 1))
        results.durationSeconds = 3
        let text = String(decoding: try ResultsFile.encode(results), as: UTF8.self)
        XCTAssertEqual(text, """
            {
              "durationSeconds": 3.0,
              "findings": [],
              "machine": {
                "cores": 2,
                "cpuModel": "x",
                "dataDirectory": "/tmp",
                "dataDisk": "/dev/vda (ext4)",
                "loadAverageEnd": 1.0,
                "loadAverageStart": 0.5,
                "memoryBytes": 1,
                "os": "Linux",
                "swiftVersion": "6"
              },
              "schemaVersion": 1,
              "startedAt": "2025-07-01T08:00:00Z",
              "suite": "quick"
            }
            """)
        XCTAssertEqual(try ResultsFile.decode(Array(text.utf8)), results)
    }

    func testABadFileNamesTheField() throws {
        var document = try JSONParser().parse(ResultsFile.encode(MarkdownReportTests.fixture()))
        guard case .object(var top) = document, case .object(var filing)? = top["filing"],
              case .array(var runs)? = filing["runs"], case .object(var run)? = runs.first,
              case .object(var latency)? = run["latency"] else { return XCTFail("the fixture has a filing run") }
        latency["p50Ms"] = "fast"
        run["latency"] = .object(latency)
        runs[0] = .object(run)
        filing["runs"] = .array(runs)
        top["filing"] = .object(filing)
        document = .object(top)
        XCTAssertThrowsError(try ResultsFile.decode(JSONWriter.serialize(document))) { error in
            XCTAssertEqual("\(error)", "filing.runs[0].latency.p50Ms: expected a number, got string")
        }
        top["machine"] = nil
        XCTAssertThrowsError(try ResultsFile.decode(JSONWriter.serialize(.object(top)))) { error in
            XCTAssertEqual("\(error)", "machine: is required")
        }
        XCTAssertThrowsError(try ResultsFile.decode(Array("[]".utf8))) { error in
            XCTAssertEqual("\(error)", "results: expected a JSON object at the top level, got array")
        }
    }

    func testANonFiniteFigureIsRefusedNotWritten() {
        var results = MarkdownReportTests.fixture()
        results.filing?.runs[0].latency.meanMs = .nan
        XCTAssertThrowsError(try ResultsFile.encode(results)) { error in
            XCTAssertEqual("\(error)", "results: filing.runs[0].latency.meanMs is not a finite number, which JSON cannot hold")
        }
    }
}
