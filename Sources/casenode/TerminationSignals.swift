import CaseSupport
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM, turned into an event on a queue of their own (not handled
/// asynchronously in a signal handler), so that what runs afterwards may safely
/// stop threads and close the database.
///
/// Installed before the node starts, so a signal sent the moment the node says
/// where it serves is never lost. Deliberately outside main.swift: top-level code
/// there is main-actor isolated, and a handler closure formed there would trap
/// when Dispatch runs it elsewhere.
final class TerminationSignals {
    private let queue = DispatchQueue(label: "casenode.signals")
    private let received = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    init(logger: Logger) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            // The default action would kill the process before the source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [received] in
                logger.info("stopping", .safe("signal", name))
                received.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until one of the signals arrives.
    func wait() {
        received.wait()
        sources.forEach { $0.cancel() }
    }
}
