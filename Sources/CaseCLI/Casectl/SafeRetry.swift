import CaseCore
import CaseCrypto
import CaseNet
import CaseSupport
import CaseSystem
import Foundation

/// casectl's retries of a filing or a step (docs/idempotency.md): every such request carries
/// an `Idempotency-Key`, so when an exchange fails without an answer (the request may or may
/// not have been taken) the same request goes again with the same key, and the node answers
/// a repeat with the original dossier rather than making a second one.
enum SafeRetry {
    /// The pauses before the second and third attempts: 3 attempts in all, within ~1.5 s on
    /// top of each exchange's own timeout, so a clerk at the counter is not kept waiting long.
    static let pausesMs = [500, 1_000]

    /// A key for one casectl invocation: 32 hex digits from the system's random source.
    static func newKey() -> String {
        Hex.encode(SecureRandom.bytes(count: 16))
    }

    /// `--idempotency-key KEY`, checked as the node checks it, or a new key.
    static func key(given: String?) throws -> String {
        guard let given else { return newKey() }
        do {
            try IdempotencyRecord.validate(key: given)
        } catch {
            throw CasectlUsageError(message: "--idempotency-key: \(error.message)")
        }
        return given
    }

    /// Whether the request may have gone unanswered: no connection, a timeout, a lost
    /// connection. Anything the node answered, and a request that could not be sent, is final.
    static func isRetryable(_ error: HTTPClientError) -> Bool {
        switch error {
        case .cannotConnect, .timedOut, .connectionLost: return true
        case .invalidBaseURL, .invalidRequest, .invalidResponse: return false
        }
    }

    /// Runs `attempt` until it succeeds, fails for good, or `pausesMs` is used up; tells
    /// `notice` before each retry.
    static func run<T>(
        pausesMs: [Int] = pausesMs, sleep: (Int) -> Void = { Thread.sleep(forTimeInterval: Double($0) / 1_000) }, notice: (String) -> Void,
        _ attempt: () throws(HTTPClientError) -> T
    ) throws(HTTPClientError) -> T {
        for pause in pausesMs {
            do {
                return try attempt()
            } catch where isRetryable(error) {
                notice("\(error); retrying the same request (same Idempotency-Key) in \(pause) ms")
                sleep(pause)
            }
        }
        return try attempt()
    }
}
