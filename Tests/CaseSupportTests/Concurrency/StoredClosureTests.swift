import CaseSupport
import Synchronization
import XCTest

/// A closure kept in a `Mutex` inside a `StoredClosure` is called as it was stored, however
/// often it is read; kept bare, each read wrapped it in more thunks (640 KB of stack for one
/// call after 10,000 reads). Measured as stack depth, not time.
final class StoredClosureTests: XCTestCase {
    /// The address of a local of the called closure's frame.
    @inline(never)
    private static func stackAddress() -> UInt {
        var local = 0
        return withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
    }

    /// How far below this function's frame `call` runs the stored closure, in bytes.
    @inline(never)
    private func stackDepth(of call: () -> UInt) -> Int {
        var local = 0
        let here = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
        return Int(bitPattern: here &- call())
    }

    func testAClosureReadManyTimesOutOfAMutexIsCalledAtTheSameDepth() throws {
        let held = Mutex<StoredClosure<UInt>?>(nil)
        held.withLock { $0 = StoredClosure { Self.stackAddress() } }
        let first = stackDepth { held.withLock { $0 }!.call() }
        for _ in 0 ..< 10_000 { _ = held.withLock { $0 } }
        let later = stackDepth { held.withLock { $0 }!.call() }
        XCTAssertLessThan(later, first + 4_096, "10,000 reads must not deepen a call (\(first) then \(later) bytes)")
    }

    func testACallbackKeptAsAStoredClosuresValueIsCalledAtTheSameDepth() throws {
        let address = Mutex<UInt>(0)
        let held = Mutex<StoredClosure<@Sendable (Int) -> Void>?>(nil)
        held.withLock { $0 = StoredClosure { { _ in address.withLock { $0 = Self.stackAddress() } } } }
        let depth = { self.stackDepth { held.withLock { $0 }!.call()(1); return address.withLock { $0 } } }
        let first = depth()
        for _ in 0 ..< 10_000 { _ = held.withLock { $0 } }
        XCTAssertLessThan(depth(), first + 4_096)
    }
}
