import CaseNet
import Foundation
import Synchronization

/// An HTTP load generator of our own: N clients, each on its own thread with
/// its own keep-alive connection, filing one dossier after another (closed
/// loop: the next request goes when the previous answer is in) until a total
/// count is reached or a duration has passed.
public struct LoadGenerator: Sendable {
    public let baseURL: String
    public let headers: [(String, String)]
    /// Pre-serialised request bodies, used in turn, so clients spend no time building JSON while measured.
    public let bodies: [[UInt8]]
    /// The request target: `/v1/dossiers`, or with a query such as `?replicas=1`.
    public var path = "/v1/dossiers"
    /// A client gives up on one request after this long: far above any healthy answer.
    public static let requestTimeoutMs = 30_000
    /// Bounds the threads one run starts: the issue asks for 32; a few hundred would only measure the scheduler.
    public static let maxClients = 256

    public init(baseURL: String, headers: [(String, String)], bodies: [[UInt8]]) {
        precondition(!bodies.isEmpty, "at least one request body")
        self.baseURL = baseURL
        self.headers = [("Content-Type", "application/json")] + headers
        self.bodies = bodies
    }

    /// What one run saw.
    public struct Outcome: Sendable {
        public var latenciesMs: [Double]
        public var failed: Int
        public var seconds: Double
        /// The first few failures, for the report.
        public var failureSamples: [String]
    }

    /// Runs `clients` clients until `totalRequests` requests were sent or `maxSeconds` passed.
    public func run(clients: Int, totalRequests: Int, maxSeconds: Double) -> Outcome {
        precondition((1...Self.maxClients).contains(clients), "1 to \(Self.maxClients) clients")
        let tickets = TicketCounter()
        let collected = Mutex(Outcome(latenciesMs: [], failed: 0, seconds: 0, failureSamples: []))
        let group = DispatchGroup()
        let watch = Stopwatch()
        for index in 0..<clients {
            group.enter()
            let thread = Thread { [self] in
                let local = clientLoop(index: index, tickets: tickets, totalRequests: totalRequests, watch: watch, maxSeconds: maxSeconds)
                collected.withLock { outcome in
                    outcome.latenciesMs += local.latenciesMs
                    outcome.failed += local.failed
                    outcome.failureSamples += local.failureSamples.prefix(max(0, 5 - outcome.failureSamples.count))
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        var outcome = collected.withLock { $0 }
        outcome.seconds = watch.elapsedSeconds
        return outcome
    }

    private func clientLoop(index: Int, tickets: TicketCounter, totalRequests: Int, watch: Stopwatch, maxSeconds: Double) -> Outcome {
        var outcome = Outcome(latenciesMs: [], failed: 0, seconds: 0, failureSamples: [])
        outcome.latenciesMs.reserveCapacity(totalRequests / max(1, index + 1))
        let client: HTTPClient
        do {
            client = try HTTPClient(baseURL: baseURL, timeoutMs: Self.requestTimeoutMs)
        } catch {
            outcome.failed += 1
            outcome.failureSamples.append("\(error)")
            return outcome
        }
        defer { client.close() }
        while watch.elapsedSeconds < maxSeconds {
            let ticket = tickets.take()
            guard ticket < totalRequests else { break }
            let body = bodies[ticket % bodies.count]
            let started = Stopwatch()
            do {
                let response = try client.send("POST", path, headers: headers, body: body)
                if response.status == 201 {
                    outcome.latenciesMs.append(started.elapsedMs)
                } else {
                    outcome.failed += 1
                    if outcome.failureSamples.count < 5 {
                        outcome.failureSamples.append("HTTP \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
                    }
                }
            } catch {
                outcome.failed += 1
                if outcome.failureSamples.count < 5 { outcome.failureSamples.append("\(error)") }
            }
        }
        return outcome
    }
}

/// Hands out request numbers to the client threads, so a fixed total is shared among them.
final class TicketCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next number: 0, 1, 2, … across all threads.
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}
