import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
import CaseSystem
#endif

/// A real `casenode` of a test cluster: its own data directory, HTTP and peer ports picked by
/// the system (port 0), joining others through `--join`. It can be killed (SIGKILL) and
/// started again on the same data directory, as a crashed centre is.
final class ViewsClusterNode {
    let id: String
    let name: String
    let clusterID: String
    let dataDirectory: String
    private var process: Process?
    private var standardOutput = Pipe()
    private(set) var httpPort: UInt16 = 0
    private(set) var peerPort: UInt16 = 0

    /// The start-up line arrives within milliseconds; the bound only keeps a broken build from hanging the test.
    static let startTimeoutSeconds = 30.0
    /// The start-up line is short; a longer one means something else is talking.
    static let maxStartLineBytes = 4_096

    init(id: String, name: String, clusterID: String) {
        self.id = id
        self.name = name
        self.clusterID = clusterID
        dataDirectory = NSTemporaryDirectory() + "casestore-views-\(id)-\(UUID().uuidString)"
    }

    /// Standard error of every run of the node, appended.
    var logPath: String { dataDirectory + ".log" }

    var baseURL: String { "http://127.0.0.1:\(httpPort)" }
    /// casectl's environment for talking to this node as its admin (see `CasenodeProcess.adminToken`).
    var adminEnvironment: [String: String] { ["CASESTORE_TOKEN": CasenodeProcess.adminToken(dataDirectory: dataDirectory)] }
    var peerAddress: String { "127.0.0.1:\(peerPort)" }

    /// Starts (or starts again) the node, joining through `others`; waits, bounded, for the line
    /// that says where it serves.
    func start(joining others: [ViewsClusterNode]) throws {
        let process = Process()
        standardOutput = Pipe()
        // Logs go to a file, not a pipe: nobody reads a pipe during the test, and a node whose
        // full pipe blocks its logging would stop answering (it logs every failed peer dial).
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        process.executableURL = CasenodeProcess.productsDirectory.appendingPathComponent("casenode")
        var arguments = [
            "--id", id, "--name", name, "--cluster-id", clusterID, "--data", dataDirectory,
            "--http", "127.0.0.1:0", "--peer", "127.0.0.1:0",
        ]
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        arguments += SharedClusterKey.arguments
        process.arguments = arguments
        process.standardOutput = standardOutput
        process.standardError = log
        defer { try? log.close() }
        try process.run()
        self.process = process
        let line = try firstLine(of: process)
        guard let http = Self.port(after: "http://127.0.0.1:", in: line), let peer = Self.port(after: "peer 127.0.0.1:", in: line) else {
            throw CasenodeProcessError(description: "casenode \(id) did not say where it serves: \(line)")
        }
        httpPort = http
        peerPort = peer
    }

    /// A crash: SIGKILL, no chance to close anything.
    func kill9() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    func removeData() {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    private static func port(after marker: String, in line: String) -> UInt16? {
        guard let range = line.range(of: marker) else { return nil }
        return UInt16(line[range.upperBound...].prefix(while: \.isNumber))
    }

    private func firstLine(of process: Process) throws -> String {
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
            guard read(descriptor, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { return String(decoding: collected, as: UTF8.self) }
            collected.append(byte)
        }
        let errors = process.isRunning ? "" : ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
        throw CasenodeProcessError(description: "casenode \(id) did not start: \(String(decoding: collected, as: UTF8.self)) \(errors)")
    }
}
