import Foundation

/// A Debian tool a test runs (zbarimg, chromium, python3), found on PATH. A missing tool
/// throws, so the test fails rather than skips: `.ci/run` installs every one of them.
public struct ExternalTool {
    public struct Result {
        public var status: Int32
        public var standardOutput: Data
        public var standardError: String

        public var text: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    public struct Missing: Error, CustomStringConvertible {
        public var name: String
        public var package: String
        public var description: String {
            "\(name) is not on PATH: install Debian's \(package) (apt-get install -y \(package); .ci/run does)"
        }
    }

    public let path: String

    /// The tool `name` from PATH, or `Missing` naming the package that provides it.
    public init(_ name: String, package: String) throws {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let found = directories.map({ "\($0)/\(name)" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Missing(name: name, package: package)
        }
        path = found
    }

    /// The longest one run may take: chromium printing a page takes a second or two; a hung
    /// tool fails its test instead of hanging the suite.
    public static let timeoutSeconds = 120.0

    /// Runs the tool to completion. Both streams go to files (chromium writes a lot to
    /// standard error), so neither can fill a pipe and stall the tool.
    public func run(_ arguments: [String]) throws -> Result {
        let directory = try TemporaryDirectory()
        let outputPath = directory.path("stdout"), errorPath = directory.path("stderr")
        for path in [outputPath, errorPath] where !FileManager.default.createFile(atPath: path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let outputHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer {
            try? outputHandle.close()
            try? errorHandle.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        guard exited.wait(timeout: .now() + Self.timeoutSeconds) == .success else {
            process.terminate()
            throw TimedOut(command: ([path] + arguments).joined(separator: " "), seconds: Self.timeoutSeconds)
        }
        let output = try Data(contentsOf: URL(fileURLWithPath: outputPath))
        let errors = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errorPath)), as: UTF8.self)
        return Result(status: process.terminationStatus, standardOutput: output, standardError: errors)
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var seconds: Double
        public var description: String { "\(command) did not finish within \(seconds) s" }
    }
}
