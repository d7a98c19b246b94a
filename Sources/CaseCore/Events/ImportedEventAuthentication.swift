/// Decides which events of a dossier's history, imported from a node of another province,
/// a node stores (docs/design/provinces.md, "A dossier entering a province"): the same
/// rule for the SQLite log and the simulator's.
///
/// An imported event belongs to no stream the importer holds (its origin is of another
/// province, and it is not tagged with the importer's), so nothing before or after it
/// vouches for it: each event stands alone. It comes with the chain link of its origin's
/// event before it (`predecessorLink`); its own link is the hash over that and its
/// canonical bytes, and its origin's signature of that link vouches for both, as for a
/// sparse stream's last event. What an import cannot show is that nothing is missing:
/// that is for the holder's answer (`hasMore`) and the hints of concurrent steps.
public enum ImportedEventAuthentication {
    /// Each event of `received` that its origin's certified key vouches for (with its chain
    /// link), and why each other one was refused. `certificates` and `revokedAfter` by origin.
    public static func verify(
        _ received: [SparseStreamAuthentication.ReceivedEvent], certificates: [String: [Certificate]], trust: EventTrust,
        revokedAfter: [String: Int64] = [:]
    ) -> (accepted: [ChangeEvent], refusals: [EventRefusal]) {
        var accepted: [ChangeEvent] = []
        var refusals: [EventRefusal] = []
        for item in received {
            let event = item.event
            if let problem = problem(item) {
                refusals.append(EventRefusal(event: event.id, reason: problem))
                continue
            }
            var linked = event.sealed(chain: EventChain.link(after: item.predecessorLink, event), signature: event.signature)
            // Kept with it: the importer serves it on to others, who need the same link.
            linked.predecessorLink = item.predecessorLink
            let verdict = EventAuthentication.applyingRevocation(to: [linked], revokedAfter: revokedAfter[event.origin], trust: trust) { part in
                EventAuthentication.judgeSignatures(part, certificates: certificates[event.origin] ?? [], trust: trust)
            }
            accepted += verdict.accepted
            if let refusal = verdict.refusal { refusals.append(refusal) }
        }
        return (accepted, refusals)
    }

    /// Why `item` cannot be checked at all, or nil.
    static func problem(_ item: SparseStreamAuthentication.ReceivedEvent) -> String? {
        let event = item.event
        if let problem = StreamTag.problem(in: event.tags, sequence: event.sequence) { return problem }
        guard item.predecessorLink.count == EventChain.linkByteCount else {
            return "it comes without the chain link of its origin's event before it, which an imported event needs"
        }
        if event.sequence == 1, item.predecessorLink != EventChain.genesis(origin: event.origin) {
            return "it is its origin's first event, but its predecessor link is not the origin's genesis link"
        }
        return nil
    }
}
