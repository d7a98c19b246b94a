import Dispatch
import Foundation
import Synchronization

/// Runs blocking requests to many members at once on a bounded number of threads.
///
/// Threads rather than Swift's cooperative pool: each request blocks in a socket call for up
/// to its timeout, and an unreachable member must not hold up the others.
enum ParallelProbes {
    /// Unreachable members each wait out their timeout; 16 at a time keeps a survey of a few
    /// hundred members (some dead) to seconds without opening hundreds of sockets at once.
    static let maxParallel = 16

    /// `work(index)` for every index in `0..<count`, results in index order.
    static func map<Result: Sendable>(count: Int, _ work: @escaping @Sendable (Int) -> Result) -> [Result] {
        let results = Mutex<[Int: Result]>([:])
        let next = Mutex(0)
        let group = DispatchGroup()
        for _ in 0..<min(maxParallel, count) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let index = next.withLock({ value -> Int? in
                    guard value < count else { return nil }
                    value += 1
                    return value - 1
                }) {
                    let result = work(index)
                    results.withLock { $0[index] = result }
                }
            }
        }
        group.wait()
        return results.withLock { collected in (0..<count).map { collected[$0]! } }
    }
}
