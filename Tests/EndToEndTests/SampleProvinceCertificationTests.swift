import CaseCore
import Foundation
import TestSupport
import XCTest

/// Cluster/sample/province-hanoi/certify.sh, as an admin runs it: each commune's node
/// makes its key, the script makes the root and certifies every node for the https
/// address its configuration advertises.
final class SampleProvinceCertificationTests: XCTestCase {
    private var sample: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Cluster/sample/province-hanoi")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheScriptCertifiesEveryCommuneForItsAdvertisedAddress() throws {
        let directory = try TemporaryDirectory()
        let keys = directory.url.appendingPathComponent("keys").path
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let communes = try FileManager.default.contentsOfDirectory(atPath: sample.path).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.sorted()
        XCTAssertEqual(communes.count, 5)
        for id in communes {
            let data = directory.url.appendingPathComponent("data-\(id)").path
            let made = try run(BuiltProducts.casenode.path, ["--id", id, "--data", data, "--init-identity"])
            XCTAssertEqual(made.status, 0, made.output)
            try FileManager.default.copyItem(atPath: data + "/node.pub", toPath: keys + "/\(id).pub")
        }
        let out = directory.url.appendingPathComponent("certs").path
        let root = directory.url.appendingPathComponent("root.key").path
        let script = try run("/bin/bash", [sample.appendingPathComponent("certify.sh").path, root, keys, out, BuiltProducts.casectl.path])
        XCTAssertEqual(script.status, 0, script.output)
        let rootLine = try XCTUnwrap(script.output.split(separator: "\n").last { $0.hasPrefix("root public key") })
        let rootKey = try XCTUnwrap(SigningPublicKey(hex: rootLine.split(separator: " ").last ?? ""))
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        for id in communes {
            let text = try String(contentsOfFile: out + "/\(id).cert", encoding: .utf8)
            let certificate = try Certificate(fileText: text)
            XCTAssertNoThrow(try certificate.verify(root: rootKey, clusterID: "hanoi", role: .node, nowMs: now), id)
            XCTAssertEqual(certificate.subject, id)
            XCTAssertEqual(certificate.apiAddress, "https://\(id).hanoi.example", id)
            let published = try String(contentsOfFile: keys + "/\(id).pub", encoding: .utf8)
            XCTAssertEqual(SigningPublicKey(hex: published), certificate.publicKey, id)
        }
    }
}
