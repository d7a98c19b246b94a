#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaseSupport

extension LogSink {
    /// Writes each line plus "\n" to standard error with one write(2).
    ///
    /// One call per line means lines from many threads never interleave: on a pipe the
    /// kernel keeps writes up to PIPE_BUF (4 KiB) whole, and the logger's limits keep
    /// ordinary lines below that. A longer line, or a write cut short by a signal, is
    /// finished with further calls. Errors are ignored: there is nowhere left to report them.
    public static let standardError = LogSink { line in
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = writeToDescriptor(STDERR_FILENO, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

/// write(2) under one name on both platforms.
private func writeToDescriptor(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, pointer, count)
    #else
    Darwin.write(fd, pointer, count)
    #endif
}
