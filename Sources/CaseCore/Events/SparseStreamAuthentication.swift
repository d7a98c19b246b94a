/// Decides which of a run of one origin's events of one province's sparse stream a node
/// stores (docs/design/provinces.md): the counterpart of `EventAuthentication` for the
/// provinces that receive only the events tagged with them. The same rule for the SQLite
/// log and the simulator's.
///
/// A receiver of a sparse stream does not hold the origin's events in between, so each
/// event comes with the chain link of the origin's event just before it (its
/// `predecessorLink`), over which its own link is computed. Nothing vouches for that link
/// by itself; the stream does: each event's tag names the link of the stream's previous
/// event inside the signed bytes, so a signature on the last event of a run vouches for
/// every event of the run, and for their predecessors' links, as the full chain does.
public enum SparseStreamAuthentication {
    /// A received event of a sparse stream and the link of its origin's event before it.
    public struct ReceivedEvent: Equatable, Sendable {
        public let event: ChangeEvent
        public let predecessorLink: [UInt8]

        public init(event: ChangeEvent, predecessorLink: [UInt8]) {
            self.event = event
            self.predecessorLink = predecessorLink
        }
    }

    /// `run`: one origin's events tagged `province`, in sequence order, received for the
    /// stream whose held `head` they should extend. Each event accepted gets its chain link;
    /// the run is cut at the first event that does not extend the stream (a gap, another
    /// branch, a predecessor link that breaks the chain), and then by the signatures and
    /// the revocation exactly as `EventAuthentication.verify` cuts a full run.
    public static func verify(
        _ run: [ReceivedEvent], stream province: ProvinceCode, head: StreamHead, certificates: [Certificate],
        trust: EventTrust, revokedAfter: Int64? = nil
    ) -> EventRunVerdict {
        EventAuthentication.applyingRevocation(to: run.map(\.event), revokedAfter: revokedAfter, trust: trust) { part in
            let (linked, gap) = link(Array(run.prefix(part.count)), stream: province, head: head)
            var verdict = EventAuthentication.judgeSignatures(linked, certificates: certificates, trust: trust)
            if verdict.refusal == nil { verdict.refusal = gap }
            return verdict
        }
    }

    /// The events of `run` that extend the stream, each with its chain link, and why the
    /// first that does not was refused.
    static func link(_ run: [ReceivedEvent], stream province: ProvinceCode, head: StreamHead) -> ([ChangeEvent], EventRefusal?) {
        var head = head
        var linked: [ChangeEvent] = []
        for received in run {
            let event = received.event
            if let problem = extensionProblem(received, stream: province, head: head) {
                return (linked, EventRefusal(event: event.id, reason: problem))
            }
            let link = EventChain.link(after: received.predecessorLink, event)
            linked.append(event.sealed(chain: link, signature: event.signature))
            head = StreamHead(sequence: event.sequence, link: link)
        }
        return (linked, nil)
    }

    /// Why `received` does not extend the stream held up to `head`, or nil when it does.
    static func extensionProblem(_ received: ReceivedEvent, stream province: ProvinceCode, head: StreamHead) -> String? {
        let event = received.event
        if let problem = StreamTag.problem(in: event.tags, sequence: event.sequence) { return problem }
        guard let tag = event.tags.first(where: { $0.province == province }) else {
            return "it is not tagged for province \(province)"
        }
        guard tag.previousSequence == head.sequence else {
            return "it follows event \(tag.previousSequence) of the stream of province \(province), but this node holds it up to \(head.sequence)"
        }
        // The link the tag vouches for: its own, or (when the previous event of the stream
        // is the event just before) the predecessor link the event's own link is made over.
        let adjacent = tag.previousSequence == event.sequence - 1
        guard received.predecessorLink.count == EventChain.linkByteCount else {
            return "it comes without the chain link of its origin's event before it, which a sparse stream's receiver needs"
        }
        if event.sequence == 1, received.predecessorLink != EventChain.genesis(origin: event.origin) {
            return "it is its origin's first event, but its predecessor link is not the origin's genesis link"
        }
        guard tag.previousSequence > 0 else { return nil }
        let previousLink = adjacent ? received.predecessorLink : tag.previousLink
        guard previousLink == head.link else {
            return "its link to event \(tag.previousSequence) of the stream of province \(province) is not the link held for that event"
        }
        return nil
    }
}
