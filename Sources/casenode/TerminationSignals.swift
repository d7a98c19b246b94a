import CaseCore
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Blocks until SIGINT or SIGTERM arrives. The signals are turned into events on a
/// queue of their own (not handled asynchronously in a signal handler), so what
/// runs afterwards may safely stop threads and close the database.
///
/// Deliberately outside main.swift: top-level code there is main-actor isolated,
/// and a handler closure formed there would trap when Dispatch runs it elsewhere.
func waitForTerminationSignal(logger: Logger) {
    let queue = DispatchQueue(label: "casenode.signals")
    let received = DispatchSemaphore(value: 0)
    var sources: [any DispatchSourceSignal] = []
    for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler {
            logger.info("stopping", .safe("signal", name))
            received.signal()
        }
        source.resume()
        sources.append(source)
    }
    received.wait()
    sources.forEach { $0.cancel() }
}
