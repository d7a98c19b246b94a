import Foundation
import TestSupport
import XCTest

/// Runs the real `casectl` executable (built with the package, next to `casenode`) and
/// collects its exit code and output.
enum CasectlProcess {
    struct Run {
        let exitCode: Int32
        let standard: String
        let error: String
    }

    /// The longest a casectl run may take here: verify with --wait included. A hung casectl
    /// fails the test instead of hanging the suite.
    static let timeoutSeconds = 120.0

    /// Runs casectl with `environment` added to the test's own (e.g. a node's `adminEnvironment`),
    /// in `directory` when given (where it looks for ./casestore-data/admin.token). `wrappedIn`
    /// is a command that runs casectl's path and arguments, appended to it (e.g. `unshare …`).
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil, wrappedIn: [String] = []) throws -> Run {
        let process = Process()
        if let wrapper = wrappedIn.first {
            process.executableURL = URL(fileURLWithPath: wrapper)
            process.arguments = wrappedIn.dropFirst() + [BuiltProducts.casectl.path] + arguments
        } else {
            process.executableURL = BuiltProducts.casectl
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let standard = Pipe()
        let error = Pipe()
        process.standardOutput = standard
        process.standardError = error
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Read while it runs, so a long output cannot fill the pipe and stall it.
        let collected = OutputCollector(standard: standard, error: error)
        guard exited.wait(timeout: .now() + timeoutSeconds) == .success else {
            process.terminate()
            throw TimedOut("casectl \(arguments.joined(separator: " ")) did not finish within \(timeoutSeconds) s")
        }
        let (out, err) = collected.finish()
        return Run(exitCode: process.terminationStatus, standard: out, error: err)
    }
}

/// Drains a process's two pipes on background threads.
private final class OutputCollector: @unchecked Sendable {
    // @unchecked: each buffer is written by one thread and read only after `done` is waited on.
    private var standard = Data()
    private var error = Data()
    private let done = DispatchGroup()

    init(standard: Pipe, error: Pipe) {
        done.enter()
        done.enter()
        DispatchQueue.global().async {
            self.standard = standard.fileHandleForReading.readDataToEndOfFile()
            self.done.leave()
        }
        DispatchQueue.global().async {
            self.error = error.fileHandleForReading.readDataToEndOfFile()
            self.done.leave()
        }
    }

    func finish() -> (String, String) {
        done.wait()
        return (String(decoding: standard, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }
}
