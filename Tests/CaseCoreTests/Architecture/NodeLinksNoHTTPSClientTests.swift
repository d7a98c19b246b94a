import Foundation
import XCTest

/// casenode never makes an outbound HTTPS request, so none of the modules it links imports
/// FoundationNetworking (URLSession, and with it libcurl): casectl's HTTPS client lives in
/// CaseCLI, which casenode does not link.
final class NodeLinksNoHTTPSClientTests: XCTestCase {
    /// casenode's target and every module it depends on (Package.swift).
    private static let nodeModules = [
        "CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseSQLite", "CaseStorage",
        "CaseNet", "CaseReplicationDriver", "CaseNode", "CaseArguments", "casenode",
    ]

    private static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    func testNoModuleOfTheNodeImportsFoundationNetworking() throws {
        var files = 0
        for module in Self.nodeModules {
            let directory = Self.sources.appendingPathComponent(module)
            let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil), module)
            for case let file as URL in enumerator where file.pathExtension == "swift" {
                files += 1
                let text = try String(contentsOf: file, encoding: .utf8)
                XCTAssertFalse(text.contains("import FoundationNetworking"), "\(module)/\(file.lastPathComponent)")
            }
        }
        XCTAssertGreaterThan(files, 100, "the sources were found")
        let cli = Self.sources.appendingPathComponent("CaseCLI/Casectl/Transport/HTTPSClient.swift")
        XCTAssertTrue(try String(contentsOf: cli, encoding: .utf8).contains("import FoundationNetworking"), "the check looks for the right text")
    }
}
