#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which operation, the errno, and the system's text
/// for it, e.g. "connect to 127.0.0.1:7400 failed: Connection refused (errno 111)".
public struct SystemError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The errno value the call left behind.
    public let errno: Int32
    /// What was being attempted, in words ("bind 0.0.0.0:7400", "recv").
    public let operation: String
    /// The system's description of `errno` (strerror), e.g. "Connection refused".
    public let reason: String

    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
        self.reason = String(cString: strerror(errno))
    }

    public var description: String {
        "\(operation) failed: \(reason) (errno \(errno))"
    }

    /// Whether the peer went away (reset, broken pipe): an ordinary event on a
    /// network, not a fault of this process.
    public var isDisconnect: Bool {
        errno == ECONNRESET || errno == EPIPE || errno == ENOTCONN || errno == ECONNABORTED
    }

    /// Whether the operation gave up because its time limit passed.
    public var isTimeout: Bool {
        errno == ETIMEDOUT
    }
}
