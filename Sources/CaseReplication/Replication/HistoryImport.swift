import CaseCore

/// A dossier that entered this node's province with history this node does not hold
/// (docs/design/provinces.md, "A dossier entering a province"): what the core needs to ask
/// a holder for it.
public struct PendingImport: Equatable, Sendable {
    public var dossier: String
    /// The events of it this node holds: the holder sends the others.
    public var held: [EventID]
    /// Nodes that wrote events of it here, newest first: they hold its whole history.
    public var writers: [String]
    /// The provinces its held events are tagged with: their nodes hold it too.
    public var provinces: [ProvinceCode]

    public init(dossier: String, held: [EventID], writers: [String], provinces: [ProvinceCode]) {
        self.dossier = dossier
        self.held = held
        self.writers = writers
        self.provinces = provinces
    }
}

/// Part of a dossier's history a holder gives a node of another province.
public struct HistorySlice: Equatable, Sendable {
    /// Events the asker lacks, each with its `predecessorLink`, in (origin, sequence) order.
    public var events: [ChangeEvent]
    /// Whether more remain than fit this slice: the asker asks again.
    public var hasMore: Bool

    public init(events: [ChangeEvent], hasMore: Bool) {
        self.events = events
        self.hasMore = hasMore
    }
}

/// Tells the nodes of `province` that a dossier now in their province has events written
/// here that may not be tagged with it: steps taken before this node learnt that the
/// dossier entered their province (concurrent with the step that brought it there).
public struct ImportHint: Equatable, Hashable, Sendable {
    public var dossier: String
    public var province: ProvinceCode

    public init(dossier: String, province: ProvinceCode) {
        self.dossier = dossier
        self.province = province
    }
}

/// A request for a dossier's history (peer protocol 8).
public struct HistoryRequest: Equatable, Sendable {
    public var dossier: String
    /// Events the asker holds already (at most `maxHeld`).
    public var held: [EventID]

    /// Why 1,000: a dossier's history is tens of events; one with more is asked for again
    /// with what it then holds.
    public static let maxHeld = 1_000

    public init(dossier: String, held: [EventID]) {
        self.dossier = dossier
        self.held = Array(held.prefix(Self.maxHeld))
    }
}

/// The answer to a `HistoryRequest`: events and certificates in `batch`, or `served` false
/// when the holder does not hold the dossier as one of the asker's province.
public struct HistoryAnswer: Equatable, Sendable {
    public var dossier: String
    public var served: Bool
    public var batch: EventBatch

    public init(dossier: String, served: Bool, batch: EventBatch) {
        self.dossier = dossier
        self.served = served
        self.batch = batch
    }
}
