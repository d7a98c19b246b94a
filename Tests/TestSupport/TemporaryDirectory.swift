import Foundation

/// A fresh directory for one test's database files, removed when the test ends.
public final class TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("casestore-storage-tests-\(UUID().uuidString)", isDirectory: true)
        TestScratch.removeAtExit(url.path)
        // Owner-only, as casenode requires of a data directory and as anything holding test
        // dossiers should be.
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of a file named `name` inside the directory.
    public func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
