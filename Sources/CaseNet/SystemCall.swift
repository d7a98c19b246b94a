#if canImport(Glibc)
import Glibc
#endif

/// The one place system calls are made from: retries EINTR, turns a failure
/// into a `SystemError`, and traps on errno values that can only mean a bug
/// in this process (a bad descriptor or pointer), because carrying on after
/// those would act on some other, unrelated descriptor.
enum SystemCall {
    /// Runs `call` until it is not interrupted; throws on any other failure.
    static func run<Result: FixedWidthInteger>(
        _ operation: @autoclosure () -> String, _ call: () -> Result
    ) throws(SystemError) -> Result {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw failure(code, operation())
        }
    }

    /// Like `run`, for non-blocking descriptors: nil when the call would block.
    static func runNonBlocking<Result: FixedWidthInteger>(
        _ operation: @autoclosure () -> String, _ call: () -> Result
    ) throws(SystemError) -> Result? {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw failure(code, operation())
        }
    }

    /// Waits for `events` on `descriptors`, retrying EINTR with the time that
    /// is left. Returns the `revents` of each descriptor; all zero on timeout.
    static func poll(
        _ descriptors: [(fd: Int32, events: Int16)], until deadline: Deadline?
    ) throws(SystemError) -> [Int16] {
        var entries = descriptors.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        while true {
            let timeoutMs = deadline.map { Int32(clamping: $0.remainingMs) } ?? -1
            let ready = Glibc.poll(&entries, nfds_t(entries.count), timeoutMs)
            if ready >= 0 { return entries.map(\.revents) }
            let code = errno
            if code == EINTR { continue }
            throw failure(code, "poll")
        }
    }

    private static func failure(_ code: Int32, _ operation: String) -> SystemError {
        let error = SystemError(errno: code, operation: operation)
        precondition(code != EBADF && code != EFAULT && code != ENOTSOCK,
                     "programmer error: \(error)")
        return error
    }
}
