import Dispatch
import Synchronization

/// Runs one blocking call per member at once (each mostly waits on its node) and
/// returns every answer or failure, keyed by member.
enum ParallelCalls {
    static func map<T: Sendable>(
        _ members: [String], _ call: @escaping @Sendable (String) throws -> T
    ) -> [String: Result<T, MemberQueryFailure>] {
        let results = Mutex<[String: Result<T, MemberQueryFailure>]>([:])
        let group = DispatchGroup()
        for member in members {
            DispatchQueue.global().async(group: group) {
                let result: Result<T, MemberQueryFailure>
                do {
                    result = .success(try call(member))
                } catch {
                    result = .failure(MemberQueryFailure(member: member, underlying: error))
                }
                results.withLock { $0[member] = result }
            }
        }
        group.wait()
        return results.withLock { $0 }
    }

    /// `map`, throwing the first failure (in member order) if any member failed.
    static func all<T: Sendable>(_ members: [String], _ call: @escaping @Sendable (String) throws -> T) throws -> [String: T] {
        let results = map(members, call)
        var values: [String: T] = [:]
        for member in members {
            values[member] = try results[member]!.get()
        }
        return values
    }
}
