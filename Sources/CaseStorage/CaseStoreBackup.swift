import CaseCore

/// A verified copy of a node database made by `CaseStore.backup(to:pagesPerStep:progress:)`:
/// one consistent snapshot, with the node's identity removed, ready to be a new node's database.
public struct CaseStoreBackup: Sendable, Equatable {
    /// Where the copy is (the path asked for).
    public var path: String
    /// The copy's size on disk.
    public var bytes: Int64
    /// Database pages in the copy.
    public var pages: Int64
    /// Dossiers in the copy (the snapshot's).
    public var dossiers: Int64
    /// Events in the copy (the snapshot's).
    public var events: Int64
    /// The snapshot's state digest: the source's maintained digest at the snapshot, which the
    /// copy's rows were recomputed to and matched.
    public var digest: StateDigest
    /// The snapshot's version vector: per origin, the events the copy holds without gaps.
    public var versionVector: [String: Int64]
    /// The node that owned the source (`node_meta.node_id`), no longer recorded in the copy.
    public var sourceNodeID: String?

    public init(
        path: String, bytes: Int64, pages: Int64, dossiers: Int64, events: Int64, digest: StateDigest,
        versionVector: [String: Int64], sourceNodeID: String?
    ) {
        self.path = path
        self.bytes = bytes
        self.pages = pages
        self.dossiers = dossiers
        self.events = events
        self.digest = digest
        self.versionVector = versionVector
        self.sourceNodeID = sourceNodeID
    }
}

/// How far a running backup has come, reported after every copy step and at each phase change.
public struct CaseStoreBackupProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        /// Pages are being copied from the snapshot.
        case copying
        /// The copy is complete; its identity is being removed and its content checked.
        case verifying
    }

    public var phase: Phase
    public var pagesCopied: Int64
    public var pagesTotal: Int64

    public init(phase: Phase, pagesCopied: Int64, pagesTotal: Int64) {
        self.phase = phase
        self.pagesCopied = pagesCopied
        self.pagesTotal = pagesTotal
    }
}
