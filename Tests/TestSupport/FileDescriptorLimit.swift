#if canImport(Glibc)
import Glibc
#endif

/// Tests that hold many sockets at once — both ends of each in this process — need more
/// descriptors than some machines allow by default (a soft limit of 1,024 is common).
public enum FileDescriptorLimit {
    public struct TooLow: Error, CustomStringConvertible {
        public let description: String
    }

    /// Raises this process's soft RLIMIT_NOFILE to at least `count`, within the hard limit;
    /// never lowers it. Throws, saying why, when the hard limit is lower: the test cannot
    /// run on this machine until someone raises it (`ulimit -Hn`).
    public static func raise(toAtLeast count: Int) throws {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else {
            throw TooLow(description: "cannot read the descriptor limit (errno \(errno))")
        }
        let wanted = rlim_t(count)
        guard limit.rlim_cur < wanted else { return }
        guard limit.rlim_max >= wanted else {
            throw TooLow(description: "this test holds \(count) descriptors; the hard limit here is \(limit.rlim_max) (ulimit -Hn)")
        }
        limit.rlim_cur = wanted
        guard setrlimit(resource, &limit) == 0 else {
            throw TooLow(description: "cannot raise the descriptor limit to \(count) (errno \(errno))")
        }
    }
}
