/// An event's membership of one province's stream (event format 2, docs/design/provinces.md).
///
/// Every event an origin writes belongs to the provinces of its dossier. Its own province
/// receives the origin's whole log, dense as before; every other province receives only
/// the events tagged with it: a sparse stream per (origin, province). A tag links the
/// event to the origin's previous event in that stream, inside the signed bytes, so a
/// receiver that holds the stream up to its head can tell whether an event extends it
/// (`StreamHead.admits`), and a lying relay can withhold events but never make a
/// receiver skip one.
public struct StreamTag: Hashable, Sendable {
    public let province: ProvinceCode
    /// The sequence of the origin's previous event tagged `province`; 0 when this is the first.
    public let previousSequence: Int64
    /// That event's chain link. Empty when `previousSequence` is 0 (nothing before) or the
    /// event's own sequence − 1: the link is then the one the event's own chain link is
    /// computed over, which a receiver gets with the event anyway.
    public let previousLink: [UInt8]

    public init(province: ProvinceCode, previousSequence: Int64, previousLink: [UInt8]) {
        self.province = province
        self.previousSequence = previousSequence
        self.previousLink = previousLink
    }

    /// Why `tags`, on the event of `sequence`, are not in their one valid form, or nil when
    /// they are: sorted by province with none twice, each pointing back to an earlier
    /// event, the link present exactly when the rule above does not leave it out.
    public static func problem(in tags: [StreamTag], sequence: Int64) -> String? {
        for (index, tag) in tags.enumerated() {
            if index > 0, !(tags[index - 1].province < tag.province) {
                return "its province tags are not sorted by province, each once"
            }
            guard (0..<sequence).contains(tag.previousSequence) else {
                return "its tag for province \(tag.province) points to event \(tag.previousSequence), not an earlier one"
            }
            let linkImplied = tag.previousSequence == 0 || tag.previousSequence == sequence - 1
            let expectedCount = linkImplied ? 0 : EventChain.linkByteCount
            guard tag.previousLink.count == expectedCount else {
                return "its tag for province \(tag.province) carries a link of \(tag.previousLink.count) bytes where \(expectedCount) belong"
            }
        }
        return nil
    }
}

/// How far a node holds one origin's stream of one province: the sequence and chain link
/// of the last event of it held (sequence 0 and no link before the first).
public struct StreamHead: Hashable, Sendable {
    public let sequence: Int64
    public let link: [UInt8]

    public static let start = StreamHead(sequence: 0, link: [])

    public init(sequence: Int64, link: [UInt8]) {
        self.sequence = sequence
        self.link = link
    }
}

/// The tags an origin writes on its next event (event format 2): one per province the
/// dossier belongs to after the event, its own included, each linked to the origin's
/// previous event in that province's stream. The same rule for the node and the simulator.
public enum EventTagging {
    /// `provinces`: the dossier's provinces (`DossierProvinces`) after this event;
    /// `own`: the origin's province, always tagged (its province holds its whole log);
    /// `heads`: the origin's own last event tagged with each province, where there is one.
    public static func tags(
        forSequence sequence: Int64, provinces: Set<ProvinceCode>, own: ProvinceCode, heads: [ProvinceCode: StreamHead]
    ) -> [StreamTag] {
        provinces.union([own]).sorted().map { province in
            let head = heads[province] ?? .start
            precondition(head.sequence < sequence, "the stream head of \(province) is at \(head.sequence), not before event \(sequence)")
            let linkImplied = head.sequence == 0 || head.sequence == sequence - 1
            return StreamTag(province: province, previousSequence: head.sequence, previousLink: linkImplied ? [] : head.link)
        }
    }
}

extension EventTagging {
    /// `event`, unsealed, as its origin stores it: tagged with the provinces its dossier
    /// belongs to once the event joins `history` (`provinces(after:history:directory:)`),
    /// each linked to the origin's `heads`. The one rule for the node's store and the
    /// simulator's log, which differ only in where they keep the heads.
    public static func tagged(
        _ event: ChangeEvent, history: [ChangeEvent], directory: ProvinceDirectory, own: ProvinceCode, heads: [ProvinceCode: StreamHead]
    ) throws -> ChangeEvent {
        let provinces = try provinces(after: event, history: history, directory: directory)
        return event.tagged(tags(forSequence: event.sequence, provinces: provinces, own: own, heads: heads))
    }

    /// The provinces `event`'s dossier belongs to once the event joins `history` (the
    /// dossier's events the origin holds): by `directory`, each centre the dossier then
    /// names. Centres the directory cannot place add none (they are refused before an
    /// event names them). Empty while the dossier has no filing.
    public static func provinces(
        after event: ChangeEvent, history: [ChangeEvent], directory: ProvinceDirectory
    ) throws -> Set<ProvinceCode> {
        try DossierProvinces.of(events: history + [event], province: directory.province(ofCentre:))
    }
}
