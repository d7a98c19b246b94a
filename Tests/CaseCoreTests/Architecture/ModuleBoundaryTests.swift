import Foundation
import XCTest

/// The pure modules stay pure: they import only the pure modules beneath them (and
/// Foundation, Synchronization), and their code reaches no clock, file, process, thread or
/// system randomness. A debug build lets a module import what its target does not declare,
/// so the build alone does not hold this line; this test reads the sources and does.
final class ModuleBoundaryTests: XCTestCase {
    /// Each pure module and the modules it may import, innermost first (as in Package.swift).
    private static let pureModules: [(name: String, mayImport: Set<String>)] = [
        ("CaseSupport", []),
        ("CaseCrypto", ["CaseSupport"]),
        ("CaseCore", ["CaseSupport", "CaseCrypto"]),
        ("CaseReplication", ["CaseSupport", "CaseCrypto", "CaseCore"]),
        ("CaseWire", ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication"]),
    ]
    /// Standard modules with no I/O of their own (Foundation for NFC, math and decoding).
    private static let standardModules: Set<String> = ["Foundation", "Synchronization"]
    /// Calls that read the world: the clock, files, processes, threads, the system's randomness.
    private static let worldlyCalls = [
        "Date()", "Date.now", "FileManager", "FileHandle", "ProcessInfo", "DispatchQueue", "Thread.", "getrandom",
        "SystemRandomNumberGenerator", "URLSession", "clock_gettime", "fopen(", "String(contentsOf", "Data(contentsOf",
    ]

    private static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    private func swiftFiles(of module: String) throws -> [URL] {
        let directory = Self.sources.appendingPathComponent(module)
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        XCTAssertFalse(files.isEmpty, "no sources found for \(module) under \(directory.path)")
        return files
    }

    func testPureModulesImportOnlyWhatLiesBeneathThem() throws {
        for (module, mayImport) in Self.pureModules {
            for file in try swiftFiles(of: module) {
                let text = try String(contentsOf: file, encoding: .utf8)
                // Comments are prose ("the import of a dossier's history"), not imports.
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                    && (line.hasPrefix("import ") || line.contains(" import ")) {
                    guard let imported = line.split(separator: " ").last.map(String.init) else { continue }
                    XCTAssertTrue(
                        mayImport.contains(imported) || Self.standardModules.contains(imported),
                        "\(module)/\(file.lastPathComponent) imports \(imported)")
                }
            }
        }
    }

    func testPureModulesReachNoClockFileProcessOrSystemRandomness() throws {
        for (module, _) in Self.pureModules {
            for file in try swiftFiles(of: module) {
                let code = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
                for call in Self.worldlyCalls {
                    XCTAssertFalse(code.contains(call), "\(module)/\(file.lastPathComponent) calls \(call)")
                }
            }
        }
    }
}
