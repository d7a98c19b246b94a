/// The faults the nemesis injects, one at a time.
public enum FaultKind: String, CaseIterable, Sendable {
    /// Two halves (2 | 3) that cannot reach each other.
    case partitionHalves = "partition-halves"
    /// One node cut off from all others.
    case partitionIsolated = "partition-isolated"
    /// Two sides that cannot reach each other, and a bridge node that sees both.
    case partitionBridge = "partition-bridge"
    /// Every node sees only its two ring neighbours: a majority each, no two alike.
    case partitionRing = "partition-ring"
    /// One side's messages do not reach the other; the other way works.
    case partitionOneWay = "partition-one-way"
    /// kill -9 a node, then restart it on the same data.
    case kill
    /// SIGSTOP a node longer than the failure timeout, then SIGCONT.
    case pause
    /// Restart a node with `--clock-offset-ms` (skipped if the binary lacks it).
    case clockOffset = "clock-offset"
    /// Slow links: every link from some nodes delayed.
    case linkDelay = "link-delay"
    /// Close every live peer connection of some nodes.
    case connectionReset = "connection-reset"
    /// A node's disk is full (through `--debug-faults`; skipped if the binary lacks it).
    case diskFull = "disk-full"

    /// Whether this fault is a network partition (cuts links at the proxies).
    public var isPartition: Bool { rawValue.hasPrefix("partition-") }
}
