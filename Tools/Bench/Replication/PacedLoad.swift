import CaseNet
import Foundation
import Synchronization

/// A steady background load: filings at a target rate, spread over a few clients
/// (each a thread on a keep-alive connection), until stopped. Filing `i` is due
/// at `i / rate` seconds after the start; a client that falls behind files at
/// once, so the achieved rate shows what the node could sustain.
public final class PacedLoad: Sendable {
    private let baseURL: String
    private let headers: [(String, String)]
    private let bodies: [[UInt8]]
    private let ratePerSecond: Double
    private let tickets = TicketCounter()
    private let stopped = Atomic<Bool>(false)
    private let filed = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)
    /// Each 201's time from sending to the answer, for a probe's latency (a load ignores it).
    private let latencies = Mutex<[Double]>([])
    private let group = DispatchGroup()
    private let startNs = Mutex<UInt64>(0)
    private let endNs = Mutex<UInt64>(0)
    /// Filings one agency may number in a day (9,999) bound a run; the load stops there.
    public let maxFilings: Int

    public init(baseURL: String, headers: [(String, String)], bodies: [[UInt8]], ratePerSecond: Double, maxFilings: Int) {
        precondition(ratePerSecond > 0 && !bodies.isEmpty, "a positive rate and at least one body")
        self.baseURL = baseURL
        self.headers = [("Content-Type", "application/json")] + headers
        self.bodies = bodies
        self.ratePerSecond = ratePerSecond
        self.maxFilings = maxFilings
    }

    /// Starts `clients` client threads.
    public func start(clients: Int) {
        startNs.withLock { $0 = Stopwatch.nowNs() }
        for _ in 0..<clients {
            group.enter()
            let thread = Thread { [self] in
                clientLoop()
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Filings answered 201 so far.
    public var filedSoFar: Int { filed.load(ordering: .relaxed) }

    /// Every 201's latency (ms), in no particular order.
    public var latenciesMs: [Double] { latencies.withLock { $0 } }

    /// Stops the clients and returns (filed, failed, achieved filings/s).
    public func stop() -> (filed: Int, failed: Int, perSecond: Double) {
        stopped.store(true, ordering: .relaxed)
        return finish()
    }

    /// Waits until the clients have sent all `maxFilings` (or were stopped) and returns as `stop()`.
    public func finish() -> (filed: Int, failed: Int, perSecond: Double) {
        group.wait()
        let seconds = Double(endNs.withLock { $0 } - startNs.withLock { $0 }) / 1e9
        let count = filed.load(ordering: .relaxed)
        return (count, failed.load(ordering: .relaxed), seconds > 0 ? Double(count) / seconds : 0)
    }

    private func clientLoop() {
        guard let client = try? HTTPClient(baseURL: baseURL, timeoutMs: 30_000) else {
            failed.add(1, ordering: .relaxed)
            return
        }
        defer { client.close() }
        let start = startNs.withLock { $0 }
        while !stopped.load(ordering: .relaxed) {
            let ticket = tickets.take()
            guard ticket < maxFilings else { break }
            let dueNs = start + UInt64(Double(ticket) / ratePerSecond * 1e9)
            while !stopped.load(ordering: .relaxed) {
                let now = Stopwatch.nowNs()
                guard now < dueNs else { break }
                usleep(UInt32(min(10_000, (dueNs - now) / 1_000 + 1)))
            }
            guard !stopped.load(ordering: .relaxed) else { break }
            let sentNs = Stopwatch.nowNs()
            let status = (try? client.send("POST", "/v1/dossiers", headers: headers, body: bodies[ticket % bodies.count]).status) ?? 0
            let now = Stopwatch.nowNs()
            if status == 201 {
                filed.add(1, ordering: .relaxed)
                latencies.withLock { $0.append(Double(now - sentNs) / 1e6) }
            } else {
                failed.add(1, ordering: .relaxed)
            }
            endNs.withLock { $0 = max($0, now) }
        }
    }
}
