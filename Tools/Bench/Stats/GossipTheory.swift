import Foundation

/// What epidemic (push-pull) gossip theory predicts, to compare simulated runs with.
///
/// Karp, Schindelhauer, Shenker and Vöcking ("Randomized rumor spreading", FOCS 2000):
/// with push-pull, a rumour reaches all N nodes in about log₂N + ln N rounds
/// (log₂N for the push phase to reach half, then ln N of pull to mop up).
public enum GossipTheory {
    /// log₂N + ln N rounds, for N ≥ 1 (0 for a single node, which already knows).
    public static func expectedRounds(nodes: Int) -> Double {
        precondition(nodes >= 1, "a cluster has at least one node, got \(nodes)")
        let n = Double(nodes)
        return log2(n) + log(n)
    }

    /// The target: a simulated dissemination within this multiple of the theory.
    public static let targetFactor = 1.5

    /// Whether `rounds` measured at `nodes` is within `targetFactor` of the theory.
    public static func meetsTarget(rounds: Double, nodes: Int) -> Bool {
        rounds <= targetFactor * expectedRounds(nodes: nodes)
    }
}
