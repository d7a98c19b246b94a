import CaseCore
import CaseNet
import Dispatch
import Synchronization

/// The node's `LookupAttemptLimiter`, under a lock, on a clock that tests can move by hand.
/// In memory only: a restart forgets the counts, which gives an attacker at most one more
/// allowance per restart, and keeps the lookup from writing to the database.
public final class LookupGuard: Sendable {
    private let limiter: Mutex<LookupAttemptLimiter>
    private let nowMs: @Sendable () -> Int64
    /// The client key (`ClientAddress`) of a reverse proxy whose `X-Forwarded-For` is
    /// believed (`--lookup-trusted-proxy`); nil: every client is its connection's address.
    let trustedProxy: String?

    /// `nowMs`: milliseconds on a clock that never goes back; by default the monotonic
    /// clock, so a wall-clock correction neither lifts nor extends a refusal.
    public init(
        limits: LookupAttemptLimiter.Limits = .standard, trustedProxy: String? = nil,
        nowMs: @escaping @Sendable () -> Int64 = LookupGuard.monotonicMs
    ) {
        limiter = Mutex(LookupAttemptLimiter(limits: limits))
        self.trustedProxy = trustedProxy
        self.nowMs = nowMs
    }

    /// Whom a lookup counts against: the connection's address, or, for a connection from the
    /// trusted proxy, the client it forwarded (the proxy's own address when it names none).
    /// Anyone else's `X-Forwarded-For` is ignored: a client could write any address there.
    func client(of request: HTTPRequest) -> String {
        guard let trustedProxy, request.remoteHost == trustedProxy else { return request.remoteHost }
        return ClientAddress.forwardedKey(request.headers) ?? request.remoteHost
    }

    public static let monotonicMs: @Sendable () -> Int64 = { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    /// An attempt let through (the time it was counted at, for `forgive`) or refused.
    func admit(address: String, code: String) -> (admission: LookupAttemptLimiter.Admission, atMs: Int64) {
        let now = nowMs()
        return (limiter.withLock { $0.admit(address: address, code: code, nowMs: now) }, now)
    }

    func forgive(address: String, code: String, admittedAtMs: Int64) {
        limiter.withLock { $0.forgive(address: address, code: code, admittedAtMs: admittedAtMs) }
    }
}
