import Foundation
import CaseSystem

/// Finds the repository and the casenode to benchmark.
public enum RepositoryLocator {
    /// The nearest directory at or above `start` holding Package.swift.
    public static func root(from start: String) -> String? {
        var url = URL(fileURLWithPath: start).standardizedFileURL
        for _ in 0..<64 {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
        return nil
    }

    /// The casenode built next to `executable` (same build configuration). `swift run casebench`
    /// builds only casebench, so casenode is brought up to date here with `swift build`.
    public static func releaseCasenode(nextTo executable: String, root: String) throws -> String {
        let directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = directory.appendingPathComponent("casenode").path
        let configuration = directory.lastPathComponent == "debug" ? "debug" : "release"
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "-c", configuration, "--product", "casenode", "--package-path", root]
        build.standardOutput = FileHandle.standardError
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("could not build casenode (\(configuration)); run 'swift build -c \(configuration) --product casenode' and see why")
        }
        return path
    }
}
