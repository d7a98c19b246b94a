import CaseCore
import Foundation
import TestSupport
import XCTest

/// Cluster/sample/certify.sh, as an admin runs it on a sample: each commune's node makes
/// its key, the script makes the root and certifies every node for the https address its
/// configuration advertises and for the province it names.
final class SampleProvinceCertificationTests: XCTestCase {
    private var samples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Cluster/sample")
    }

    func testTheScriptCertifiesEveryHanoiCommuneForItsAdvertisedAddressAndNoProvince() throws {
        let certified = try certify(sample: samples.appendingPathComponent("province-hanoi"))
        XCTAssertEqual(certified.certificates.count, 5)
        for (id, certificate) in certified.certificates {
            try check(certificate, of: id, root: certified.root, clusterID: "hanoi", domain: "hanoi.example")
            XCTAssertEqual(certificate.province, .unnamed, "\(id): a config without a province is certified for none")
        }
    }

    func testTheScriptCertifiesEachCommuneOfTheTwoProvincesForItsProvince() throws {
        let certified = try certify(sample: samples.appendingPathComponent("two-provinces"))
        let expected = [
            "phuong-tay-ho": "01", "phuong-long-bien": "01", "xa-gia-lam": "01",
            "phuong-ben-thanh": "79", "phuong-sai-gon": "79", "xa-can-gio": "79",
        ]
        XCTAssertEqual(certified.certificates.mapValues(\.province.rawValue), expected)
        for (id, certificate) in certified.certificates {
            let domain = certificate.province.rawValue == "01" ? "hanoi.example" : "hochiminh.example"
            try check(certificate, of: id, root: certified.root, clusterID: "vietnam", domain: domain)
        }
    }

    func testAConfigNamingNoProvinceOfTheListIsRefusedSayingWhich() throws {
        let directory = try TemporaryDirectory()
        let sample = directory.url.appendingPathComponent("sample")
        try FileManager.default.createDirectory(at: sample, withIntermediateDirectories: true)
        let config = #"{"id": "xa-moi", "cluster-id": "vietnam", "province": "99"}"#
        try config.write(to: sample.appendingPathComponent("xa-moi.json"), atomically: true, encoding: .utf8)
        let keys = try makeKeys(for: ["xa-moi"], in: directory)
        let out = directory.url.appendingPathComponent("certs").path
        let script = try runScript(sample: sample, root: directory.url.appendingPathComponent("root.key").path, keys: keys, out: out)
        XCTAssertNotEqual(script.status, 0, script.output)
        XCTAssertTrue(script.output.contains("--province: expected one of the 34 province codes"), script.output)
        XCTAssertTrue(script.output.contains("got '99'"), script.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/xa-moi.cert"))
    }

    // MARK: - Helpers

    /// Makes each commune's key as its machine would, runs the script on `sample`, and
    /// returns the root key it printed and each node's certificate.
    private func certify(sample: URL) throws -> (root: SigningPublicKey, certificates: [String: Certificate]) {
        let directory = try TemporaryDirectory()
        let communes = try FileManager.default.contentsOfDirectory(atPath: sample.path).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.sorted()
        let keys = try makeKeys(for: communes, in: directory)
        let out = directory.url.appendingPathComponent("certs").path
        let script = try runScript(sample: sample, root: directory.url.appendingPathComponent("root.key").path, keys: keys, out: out)
        XCTAssertEqual(script.status, 0, script.output)
        let rootLine = try XCTUnwrap(script.output.split(separator: "\n").last { $0.hasPrefix("root public key") })
        let root = try XCTUnwrap(SigningPublicKey(hex: rootLine.split(separator: " ").last ?? ""))
        var certificates: [String: Certificate] = [:]
        for id in communes {
            certificates[id] = try Certificate(fileText: try String(contentsOfFile: out + "/\(id).cert", encoding: .utf8))
            let published = try String(contentsOfFile: keys + "/\(id).pub", encoding: .utf8)
            XCTAssertEqual(SigningPublicKey(hex: published), certificates[id]?.publicKey, id)
        }
        return (root, certificates)
    }

    private func check(_ certificate: Certificate, of id: String, root: SigningPublicKey, clusterID: String, domain: String) throws {
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        XCTAssertNoThrow(try certificate.verify(root: root, clusterID: clusterID, role: .node, nowMs: now), id)
        XCTAssertEqual(certificate.subject, id)
        XCTAssertEqual(certificate.apiAddress, "https://\(id).\(domain)", id)
    }

    /// Each node's public key, made by `casenode --init-identity`, in the folder returned.
    private func makeKeys(for ids: [String], in directory: TemporaryDirectory) throws -> String {
        let keys = directory.url.appendingPathComponent("keys").path
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for id in ids {
            let data = directory.url.appendingPathComponent("data-\(id)").path
            let made = try run(BuiltProducts.casenode.path, ["--id", id, "--data", data, "--init-identity"])
            XCTAssertEqual(made.status, 0, made.output)
            try FileManager.default.copyItem(atPath: data + "/node.pub", toPath: keys + "/\(id).pub")
        }
        return keys
    }

    private func runScript(sample: URL, root: String, keys: String, out: String) throws -> (status: Int32, output: String) {
        try run("/bin/bash", [samples.appendingPathComponent("certify.sh").path, sample.path, root, keys, out, BuiltProducts.casectl.path])
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
}
