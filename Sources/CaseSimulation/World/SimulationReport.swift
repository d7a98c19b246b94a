import CaseCore
import CaseReplication

/// What a successful run did and ended with.
public struct SimulationReport: Sendable, Equatable {
    /// The seed of the run.
    public var seed: UInt64
    /// A hash of every delivered message, acknowledged event and fault, in
    /// order: the same seed must give the same hash.
    public var traceHash: UInt64
    /// The digest every node ended with.
    public var finalDigest: StateDigest
    /// The version vector every node ended with.
    public var finalVersionVector: VersionVector
    /// Simulated time from the heal to convergence.
    public var convergedAfterMs: Int64
    /// Events clients were told are stored.
    public var acknowledgedEvents: Int
    /// Dossiers filed.
    public var dossiers: Int
    /// Conflicts recorded across all dossiers (as seen on every node).
    public var conflicts: Int
    /// Clerks' and admins' steps the nodes refused (nothing stored), by refusal code.
    public var refusals: [String: Int]
    /// API tokens every node ended with, and how many of them revoked.
    public var tokens: Int
    public var revokedTokens: Int
    /// Node crashes injected.
    public var crashes: Int
    /// What happened on the wire.
    public var network: NetworkStatistics
    /// With provinces, the dossiers filed for a competent centre of another province.
    public var crossProvinceDossiers = 0
}
