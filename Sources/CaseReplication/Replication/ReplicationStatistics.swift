import CaseCore
/// Counters of the replication core, for `/metrics` and benchmarks.
public struct ReplicationStatistics: Equatable, Sendable {
    public var eventsShipped: Int64 = 0
    public var eventsApplied: Int64 = 0
    /// Events that arrived in pushes and in pulled batches, new or not: against
    /// `eventsApplied` they show how much work duplicate deliveries cost.
    public var eventsReceivedPushed: Int64 = 0
    public var eventsReceivedPulled: Int64 = 0
    public var batchesSent: Int64 = 0
    public var batchesReceived: Int64 = 0
    /// Groups of received batches stored together, one transaction each (`receiveBatches`):
    /// against `batchesReceived` and the events received they show how large a catching-up
    /// node's commits are, which decides how much of its time goes to writing pages.
    public var batchGroupsReceived: Int64 = 0
    public var syncRounds: Int64 = 0
    /// Summarized vectors (`VectorSummary`) this node could not rebuild: each costs a pull
    /// with the whole vector. Many mean summaries are taken against bases peers lack.
    public var vectorsNotRebuilt: Int64 = 0
    public var pushes: Int64 = 0
    /// Dossier histories asked of holders of another province, and events stored from them
    /// (`ReplicationNode+Imports`).
    public var importsAsked: Int64 = 0
    public var eventsImported: Int64 = 0
    public var probes: Int64 = 0
    public var storageErrors: Int64 = 0
    /// The last storage error, to be logged by the runtime (the core does no I/O itself).
    public var lastStorageError: String?
    /// Token records learnt from peers (stored here), and records (or whole messages, past
    /// a registry bound) refused: unsigned where signatures are required, a bad signature,
    /// a signer without the authority (the last reason kept for the log).
    public var tokenRecordsLearnt: Int64 = 0
    public var tokenRecordsRefused: Int64 = 0
    public var lastTokenRefusal: String?
    /// The cluster root's membership decisions held, and those refused (a signature that
    /// does not verify, another cluster's, or no root key to check them with).
    public var membershipDecisionsHeld: Int64 = 0
    public var membershipDecisionsRefused: Int64 = 0
    public var lastMembershipDecisionRefusal: String?
    /// The cluster root's holiday schedules held (one per year), and those refused (as decisions).
    public var holidaySchedulesHeld: Int64 = 0
    public var holidaySchedulesRefused: Int64 = 0
    public var lastHolidayScheduleRefusal: String?
    /// The cluster root's province mergers held (one per merged province), and those refused (as decisions).
    public var provinceMergesHeld: Int64 = 0
    public var provinceMergesRefused: Int64 = 0
    public var lastProvinceMergeRefusal: String?
    /// The asks for the certificates of members this node cannot place, the certificates
    /// answered, and those sent without being asked for (dropped unverified)
    /// (`ReplicationNode+Certificates`).
    public var certificateRequestsSent: Int64 = 0
    public var certificatesReceived: Int64 = 0
    public var certificatesUnasked: Int64 = 0

    public init() {}
}
