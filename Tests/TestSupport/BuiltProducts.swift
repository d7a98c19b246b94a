import Foundation

/// The executables `swift test` builds with the package (casenode, casectl), for tests
/// that run them as child processes.
public enum BuiltProducts {
    /// Their directory: `CASESTORE_BIN` when set, else the one holding the test bundle.
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["CASESTORE_BIN"] { return URL(fileURLWithPath: override) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    public static var casenode: URL { directory.appendingPathComponent("casenode") }
    public static var casectl: URL { directory.appendingPathComponent("casectl") }
}
