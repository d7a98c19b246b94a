import CaseNet
import Foundation
import NodeLauncher
import Synchronization
import CaseSupport

/// Measures replication visibility: files one dossier at a time at one node and,
/// from its 201, polls every other node for it, each in its own thread on its own
/// keep-alive connection in a tight loop, until all answer 200. A filing's figure
/// is the slowest node's time.
public final class VisibilityProbe {
    private let origin: CasenodeProcess
    private let others: [CasenodeProcess]
    private let headers: [(String, String)]
    private let bodies: [[UInt8]]
    /// A filing not visible everywhere after this long is counted at this value and reported.
    public static let giveUpMs = 10_000.0

    public init(origin: CasenodeProcess, others: [CasenodeProcess], headers: [(String, String)], bodies: [[UInt8]]) {
        precondition(!others.isEmpty && !bodies.isEmpty, "at least one other node and one body")
        self.origin = origin
        self.others = others
        self.headers = headers
        self.bodies = bodies
    }

    /// What a run saw: one visibility per filing, and the filings that did not become visible in time.
    public struct Outcome: Sendable {
        public var visibilityMs: [Double]
        public var timedOut: Int
        public var failures: [String]
    }

    /// Files `count` dossiers at the origin, pausing `gapMs` between one becoming visible and the
    /// next filing; stops early once `maxSeconds` have passed (filings that time out take 10 s each).
    public func run(count: Int, gapMs: Int, maxSeconds: Double) throws -> Outcome {
        let watch = Stopwatch()
        let pollers = try others.map { try Poller(node: $0, headers: headers) }
        defer { pollers.forEach { $0.finish() } }
        let filer = try HTTPClient(baseURL: origin.baseURL, timeoutMs: 30_000)
        defer { filer.close() }
        var outcome = Outcome(visibilityMs: [], timedOut: 0, failures: [])
        for index in 0..<count where watch.elapsedSeconds < maxSeconds {
            let response = try filer.send("POST", "/v1/dossiers", headers: [("Content-Type", "application/json")] + headers, body: bodies[index % bodies.count])
            let filedNs = Stopwatch.nowNs()
            guard response.status == 201, let code = try JSONParser().parse(response.body)["code"]?.stringValue else {
                if outcome.failures.count < 5 { outcome.failures.append("HTTP \(response.status) at \(origin.baseURL)") }
                continue
            }
            let times = pollers.map { $0.poll(code: code, sinceNs: filedNs) }.map { $0.wait() }
            let slowest = times.max() ?? Self.giveUpMs
            if slowest >= Self.giveUpMs { outcome.timedOut += 1 }
            outcome.visibilityMs.append(slowest)
            if gapMs > 0 { usleep(UInt32(gapMs * 1_000)) }
        }
        return outcome
    }
}

/// One other node's poller: a thread that, for each code handed to it, sends
/// `GET /v1/dossiers/{code}` back to back until 200, and reports the time since the 201.
final class Poller: Sendable {
    private let client: HTTPClient
    private let headers: [(String, String)]
    private let work = DispatchSemaphore(value: 0)
    private let job = Mutex<(code: String, sinceNs: UInt64, result: PollResult)?>(nil)
    private let stopped = Atomic<Bool>(false)

    init(node: CasenodeProcess, headers: [(String, String)]) throws {
        client = try HTTPClient(baseURL: node.baseURL, timeoutMs: 30_000)
        self.headers = headers
        let thread = Thread { [self] in loop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Hands the poller a code; the result says when the node answered 200.
    func poll(code: String, sinceNs: UInt64) -> PollResult {
        let result = PollResult()
        job.withLock { $0 = (code, sinceNs, result) }
        work.signal()
        return result
    }

    func finish() {
        stopped.store(true, ordering: .relaxed)
        work.signal()
    }

    private func loop() {
        defer { client.close() }
        while true {
            work.wait()
            guard !stopped.load(ordering: .relaxed), let current = job.withLock({ $0 }) else { return }
            let path = "/v1/dossiers/" + current.code
            var elapsedMs = 0.0
            repeat {
                let status = (try? client.send("GET", path, headers: headers).status) ?? 0
                elapsedMs = Double(Stopwatch.nowNs() - current.sinceNs) / 1e6
                if status == 200 { break }
            } while elapsedMs < VisibilityProbe.giveUpMs
            current.result.set(min(elapsedMs, VisibilityProbe.giveUpMs))
        }
    }
}

/// A one-shot result handed from a poller thread to the filer.
final class PollResult: Sendable {
    private let value = Mutex<Double>(0)
    private let ready = DispatchSemaphore(value: 0)

    func set(_ ms: Double) {
        value.withLock { $0 = ms }
        ready.signal()
    }

    func wait() -> Double {
        ready.wait()
        return value.withLock { $0 }
    }
}
