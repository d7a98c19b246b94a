import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
import CaseSystem
#endif

/// A real `casenode` (its `CaseNodeRuntime`) in a child process, on a free port, with its
/// own temporary data directory, for casectl to talk to.
///
/// A child process rather than the runtime in-process because this test target depends
/// on CaseCLI only; `swift test` builds the `casenode` executable with the package.
final class CasenodeProcess {
    private let process = Process()
    private let standardOutput = Pipe()
    private let standardError = Pipe()
    let dataDirectory: String
    private(set) var port: UInt16 = 0

    /// The start-up line arrives within milliseconds; the bound only keeps a broken build from hanging the test.
    static let startTimeoutSeconds = 30.0
    /// The start-up line is short; a longer one means something else is talking.
    static let maxStartLineBytes = 4_096

    /// A node `id` keeping its data in `dataDirectory` (a new temporary one by default), on
    /// free HTTP and peer ports, so that several can run at once.
    init(id: String = "local", dataDirectory: String? = nil) {
        self.dataDirectory = dataDirectory ?? NSTemporaryDirectory() + "casestore-casectl-\(UUID().uuidString)"
        process.executableURL = Self.productsDirectory.appendingPathComponent("casenode")
        process.arguments = ["--id", id, "--data", self.dataDirectory, "--http", "127.0.0.1:0", "--peer", "127.0.0.1:0"]
            + SharedClusterKey.arguments
        process.standardOutput = standardOutput
        process.standardError = standardError
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The admin token the node wrote into its data directory on its first start.
    var adminToken: String { Self.adminToken(dataDirectory: dataDirectory) }

    /// The token in `<data>/admin.token` ("" when there is none, which the node answers with 401).
    static func adminToken(dataDirectory: String) -> String {
        let path = (dataDirectory as NSString).appendingPathComponent("admin.token")
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// casectl's environment for talking to this node as its admin.
    var adminEnvironment: [String: String] { ["CASESTORE_TOKEN": adminToken] }

    /// The directory holding the built executables: next to the test bundle, or `CASESTORE_BIN`.
    static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["CASESTORE_BIN"] { return URL(fileURLWithPath: override) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Starts the node and waits, bounded, for the line that says which port it bound.
    func start() throws {
        try process.run()
        let line = try firstLine()
        guard let range = line.range(of: "http://127.0.0.1:"),
              let port = UInt16(line[range.upperBound...].prefix(while: \.isNumber)) else {
            throw CasenodeProcessError(description: "casenode did not say where it serves: \(line) \(errorOutput())")
        }
        self.port = port
    }

    /// Kills the node and removes its data. SIGKILL, not SIGTERM: these tests are about
    /// casectl, not shutdown, and casenode loses a SIGTERM that arrives while it is still
    /// installing its signal handlers just after announcing its port (it then never exits).
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    private func firstLine() throws -> String {
        let descriptor = standardOutput.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(Self.startTimeoutSeconds)
        var collected: [UInt8] = []
        while Date() < deadline, collected.count < Self.maxStartLineBytes {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else {
                if !process.isRunning { break }
                continue
            }
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            guard count == 1 else {
                // End of file: the node closed its output because it is exiting; wait for it, so
                // that its error output (the reason) can be read.
                if count == 0 { process.waitUntilExit() }
                break
            }
            if byte == UInt8(ascii: "\n") { return String(decoding: collected, as: UTF8.self) }
            collected.append(byte)
        }
        throw CasenodeProcessError(
            description: "casenode did not start: \(String(decoding: collected, as: UTF8.self)) \(errorOutput())")
    }

    private func errorOutput() -> String {
        guard !process.isRunning else { return "" }
        return String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

struct CasenodeProcessError: Error, CustomStringConvertible {
    let description: String
}
