import CaseCore
/// The failure detector's bookkeeping (SWIM): which member is probed next,
/// the probe in flight, and probes run on behalf of other members.
struct ProbeState {
    struct Pending {
        var target: String
        var sequence: UInt64
        var sentAtMs: Int64
        var indirectSent: Bool
    }

    struct Relayed {
        var requester: String
        var requesterSequence: UInt64
        var target: String
        var expiresAtMs: Int64
    }

    /// Probes relayed for others at once: a bound against a flood of ping requests.
    static let maxRelayed = 256

    var nextProbeAtMs: Int64 = 0
    var order: [String] = []
    var nextSequence: UInt64 = 0
    var pending: Pending?
    var relayed: [UInt64: Relayed] = [:]

    mutating func takeSequence() -> UInt64 {
        nextSequence += 1
        return nextSequence
    }
}
