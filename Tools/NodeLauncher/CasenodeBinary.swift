import Foundation

/// The built casenode executable and the debug flags it understands, learnt
/// from its `--help`, so faults that need a flag another build may lack are
/// skipped with a message instead of failing the run.
public struct CasenodeBinary: Sendable {
    public let path: String
    /// `--clock-offset-ms N`: the node's clock runs N ms off the system's.
    public let supportsClockOffset: Bool
    /// `--debug-faults`: the node serves `POST /v1/debug/storage`.
    public let supportsDebugFaults: Bool

    /// Reads the capabilities of the casenode at `path`; throws if it cannot run.
    public init(path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LaunchError("no casenode executable at \(path); build it first with 'swift build --product casenode'")
        }
        self.path = path
        let help = try Self.output(of: path, arguments: ["--help"])
        supportsClockOffset = help.contains("clock-offset-ms")
        supportsDebugFaults = help.contains("debug-faults")
    }

    /// The casenode next to this executable (both are products of one build),
    /// else in the directory `swift build --show-bin-path` names.
    public static func locate(nextTo executable: String) throws -> CasenodeBinary {
        let sibling = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("casenode").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return try CasenodeBinary(path: sibling) }
        let binPath = try output(of: "/usr/bin/env", arguments: ["swift", "build", "--show-bin-path"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try CasenodeBinary(path: binPath + "/casenode")
    }

    /// Standard output of a short command (its error output is discarded).
    static func output(of path: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
