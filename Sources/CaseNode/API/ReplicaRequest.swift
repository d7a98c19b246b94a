import CaseNet

/// `?replicas=N&timeoutMs=T` on a change: wait until N other members hold it.
struct ReplicaRequest {
    let replicas: Int
    let timeoutMs: Int

    /// More than this many copies elsewhere adds latency, not safety, for a commune's filing.
    static let maxReplicas = 16
    static let defaultTimeoutMs = 5_000
    /// A clerk waits at a counter: a minute is already too long.
    static let maxTimeoutMs = 60_000

    /// Nil when the request does not ask to wait.
    init?(_ request: HTTPRequest) throws(ServiceError) {
        try SearchParameters.refuseUnknown(request, allowed: ["replicas", "timeoutMs"])
        guard let text = request.query("replicas") else {
            if request.query("timeoutMs") != nil { throw SearchParameters.bad("timeoutMs goes with replicas=N") }
            return nil
        }
        guard let replicas = try SearchParameters.integer(text, name: "replicas", range: 0...Self.maxReplicas) else { return nil }
        let timeoutMs = try SearchParameters.integer(
            request.query("timeoutMs"), name: "timeoutMs", range: 1...Self.maxTimeoutMs) ?? Self.defaultTimeoutMs
        guard replicas > 0 else { return nil }
        self.replicas = replicas
        self.timeoutMs = timeoutMs
    }
}
