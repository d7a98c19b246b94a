import CaseWire
import CaseReplication

/// The shape of a simulated run. The defaults are sized so that hundreds of
/// seeds run in well under a minute in a debug build, yet each run sees many
/// protocol rounds under faults (see `CaseSimulationTests`).
public struct SimulationOptions: Sendable {
    /// Nodes `n1`…`nK`.
    public var nodeCount = 5
    /// Client operations (filings and steps) during the workload phase.
    public var operationCount = 200
    /// How long the workload, and the faults, last in simulated time.
    public var workloadDurationMs: Int64 = 8_000
    /// How often every node's timers run (`ReplicationInput.tick`): a quarter
    /// of the fast profile's probe interval, so timers fire close to when they are due.
    public var tickIntervalMs: Int64 = 25
    /// After the heal, the cluster must converge within this much simulated
    /// time or the run fails: many times what convergence takes when all is well.
    public var convergenceTimeoutMs: Int64 = 120_000
    /// How often convergence is checked during the quiet period.
    public var convergenceCheckIntervalMs: Int64 = 100
    /// Timings of the replication core: the fast profile, 10× the LAN profile's pace.
    public var replication = ReplicationConfiguration.fast
    /// Deliberate defects in every node's log (to test the checkers).
    public var logFaults: InMemoryReplicaLog.Faults = []
    /// Whether a randomized run draws a fault plan; if not, the network stays calm.
    public var injectsFaults = true
    /// Node clocks are off by up to this much either way.
    public var maxClockSkewMs: Int64 = 500
    /// The chance that an operation files a new dossier rather than taking a step.
    public var filingProbability = 0.15
    /// Steps go, most of the time, to one of this many most recently filed
    /// dossiers, so that concurrent steps on the same dossier (conflicts) are common.
    public var hotDossierCount = 8
    /// The chance that a step goes to one of those rather than to any dossier the node knows.
    public var hotDossierProbability = 0.8

    /// The chance that a clerk's step is any clerk action rather than one the dossier's
    /// status allows: the node must refuse it (and others it refuses on their own: a
    /// transfer to where the dossier is already, an apology that does not move the date).
    public var unexpectedStepProbability = 0.05

    /// The chance that a clerk's step goes to any dossier the node knows, with a step its
    /// status allows, rather than to one in the lane of the node's clerks (`DossierLane`):
    /// the node refuses it unless it falls in the lane by chance (a note, say).
    public var outOfLaneProbability = 0.05

    /// The chance that a step is an admin's, on any dossier with a step its status allows.
    /// Clerks in their lane meet on a dossier only at intake (its receiving and its handling
    /// centre); admins, who are not limited, meet them in every status, so the sweep keeps
    /// exercising conflicts of every kind.
    public var adminStepProbability = 0.05

    /// The chance that an operation is an admin settling the open conflicts of a dossier
    /// (when the node knows one). Zero by default: the settle tests raise it.
    public var settleProbability = 0.0

    /// The chance that an operation is an admin creating an API token, or revoking one the
    /// node knows; the records spread through the replication core like a real node's.
    /// Why 0.01 (two per default run): each is signed, and an Ed25519 signature costs tens
    /// of milliseconds in a debug build, more than the rest of a simulated operation; the
    /// 200-seed sweep still creates and revokes hundreds of tokens under faults.
    public var tokenOperationProbability = 0.01

    /// Nodes that run an older build, speaking peer protocol `olderBuildVersion` at most: a
    /// session with one carries no newer message (`PeerProtocol.message(of:onSessionOf:)`),
    /// as a real transport's, so a mixed cluster is simulated as it runs during an upgrade.
    public var olderBuildNodes: Set<String> = []
    /// The version the older build speaks: 4 (before digest-first member lists) unless set.
    public var olderBuildVersion: UInt16 = PeerProtocol.digestMembershipVersion - 1

    /// Join through only the first this-many nodes (seed nodes), as a large real
    /// cluster would; nil joins through every node. A node that knows no one resends
    /// its join to every join address each retry, so with thousands of nodes a
    /// full list would flood the network with N² joins.
    public var seedNodeCount: Int?
    /// Have every node sign the events it writes with its key (`SimulatedIdentities`): nodes
    /// sign what they write and store received events only as far as a certified
    /// signature vouches for them, as real nodes with `--root-public-key` do. Off by
    /// default: a signature costs about half a millisecond, and the seed sweep writes
    /// hundreds of thousands of events; the identity scenarios turn it on.
    public var identities = false

    /// Provinces (`StreamScope`): the number of nodes in each, in node order (`[3, 3]`: n1–n3
    /// in the first province, n4–n6 in the second); their sum must be `nodeCount`. Empty
    /// (the default): no provinces, every node holds every dossier, as a cluster of one
    /// province does. With provinces, nodes tag what they write, and hold only what is
    /// tagged with their province.
    public var provinceSizes: [Int] = []
    /// With provinces, the chance that a filing names a competent centre of another
    /// province than the receiving one's (the 5%); the rest stay within it.
    public var crossProvinceFilingProbability = 0.05
    /// With two provinces or more, the cluster root merges the last province into the first
    /// at a random time of the workload (as the 2025 reform merged 63 provinces into 34):
    /// afterwards every node of either holds every dossier of both.
    public var mergesProvinces = false
    /// With provinces and `identities`: each node starts placing only itself, and learns
    /// where every other centre belongs from the certificates it is sent (with events, and
    /// asked for by member, `ReplicationNode+Certificates`), as a real node does. Its clerks
    /// name only centres it has placed, as a real node refuses the others (`unknown_centre`);
    /// a healed cluster must have every node placing every centre. Off: every node knows
    /// every centre's province from the start (the simulator's directory).
    public var learnsPlacement = false

    /// The defaults described on each property.
    public init() {}

    /// The defaults, with nodes in provinces of `sizes` (see `provinceSizes`).
    public static func provinces(_ sizes: [Int]) -> SimulationOptions {
        var options = SimulationOptions()
        options.provinceSizes = sizes
        options.nodeCount = sizes.reduce(0, +)
        return options
    }
}
