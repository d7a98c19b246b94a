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

    /// Runs the tool to completion. Standard error goes to a file (chromium writes a lot
    /// there), so neither stream can fill a pipe and stall the tool while the other is read.
    public func run(_ arguments: [String]) throws -> Result {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("casestore-tool-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorFile.path])
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, standardOutput: outputData, standardError: errors)
    }
}
