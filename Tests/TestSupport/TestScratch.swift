import Foundation
import Synchronization

/// Files and directories the tests make in the system's temporary folder, removed when the
/// test process exits. Fixtures held by an `XCTestCase` live until then (XCTest keeps every
/// test case object), and struct fixtures have no deinit: left to themselves, runs left
/// gigabytes of databases and node directories behind. `CASESTORE_KEEP_TEST_DATA=1` keeps
/// them, to look into a failure.
public enum TestScratch {
    private static let paths = Mutex<[String]>([])
    private static let registerCleanup: Void = {
        atexit { TestScratch.removeAll() }
    }()

    /// Removes `path` (a file or a directory, with an SQLite database's -wal and -shm
    /// beside it) when the test process exits. Returns `path`.
    @discardableResult
    public static func removeAtExit(_ path: String) -> String {
        _ = registerCleanup
        paths.withLock { $0.append(path) }
        return path
    }

    private static func removeAll() {
        guard ProcessInfo.processInfo.environment["CASESTORE_KEEP_TEST_DATA"] != "1" else { return }
        for path in paths.withLock({ $0 }) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
