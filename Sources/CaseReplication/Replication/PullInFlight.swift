import CaseCore
/// A node's pull still being answered: to whom, and when it last heard of it (when it
/// asked, then at each batch of the streamed answer; see `ReplicationConfiguration.pullTimeoutMs`).
struct PullInFlight: Equatable, Sendable {
    let peer: String
    var lastHeardMs: Int64
}
