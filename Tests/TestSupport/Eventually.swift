import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Waiting on a condition, never sleeping blindly: the condition is looked at again and
/// again, soon at first and then less often, until it holds or a deadline passes. The
/// deadline only keeps something broken from hanging the suite; no outcome depends on it.
public enum Eventually {
    /// The bound of `eventually(_:within:_:)`: clusters of real nodes form, sync their
    /// tokens and replicate within seconds; thirty leave room for a loaded machine.
    public static let clusterSeconds = 30.0
    /// The bound of `eventually(within:_:)`: in-process threads and loopback sockets
    /// answer in milliseconds; ten seconds is far beyond.
    public static let inProcessSeconds = 10.0
    /// The first pause between two looks: most conditions hold after a few milliseconds.
    static let firstPauseMicroseconds: UInt32 = 1_000
    /// The longest pause: a condition that asks several nodes over HTTP is not asked more
    /// often than this.
    static let longestPauseMicroseconds: UInt32 = 50_000

    /// Whether `condition` held before `seconds` passed; it is looked at once more at the deadline.
    static func holds(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var pause = firstPauseMicroseconds
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            usleep(pause)
            pause = min(pause * 2, longestPauseMicroseconds)
        }
        return try condition()
    }
}

/// Why a wait gave up.
public struct TimedOut: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Waits until `condition` holds, for at most `seconds`; on timeout fails the test, saying
/// what it waited for, and throws, so the test stops there.
public func eventually(
    _ what: String, within seconds: Double = Eventually.clusterSeconds, file: StaticString = #filePath, line: UInt = #line,
    _ condition: () throws -> Bool
) throws {
    if try Eventually.holds(within: seconds, condition) { return }
    XCTFail("timed out after \(seconds) s waiting until \(what)", file: file, line: line)
    throw TimedOut("timed out: \(what)")
}

/// Whether `condition` came to hold within `seconds`: the caller asserts on the answer
/// with its own message, e.g. `XCTAssertTrue(eventually { … }, log)`.
public func eventually(within seconds: Double = Eventually.inProcessSeconds, _ condition: () -> Bool) -> Bool {
    Eventually.holds(within: seconds, condition)
}
