import CaseCore

/// One bounded step of a commune merger's handover (`DossierService.handOver`):
/// the dossiers it moved from the retired centre to its successor, and how many are left.
public struct HandoverBatch: Sendable, Equatable {
    /// One dossier handed over: its code and due date are what they were before.
    public struct Item: Sendable, Equatable {
        public var code: String
        /// Its status, which a handover never changes.
        public var status: DossierStatus
        public var dueAt: Instant
        public var from: String
        public var to: String
        /// The `handover` step recorded in its history.
        public var event: EventID
    }

    /// The centre being retired.
    public var retired: String
    public var successor: String
    /// In code order.
    public var moved: [Item]
    /// Unfinished dossiers still handled by `retired` after this batch: 0 when the handover is complete.
    public var remaining: Int

    /// How many of the moved dossiers are in each status.
    public var countsByStatus: [DossierStatus: Int] {
        moved.reduce(into: [:]) { counts, item in counts[item.status, default: 0] += 1 }
    }
}
