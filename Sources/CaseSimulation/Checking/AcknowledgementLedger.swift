import CaseCore
import CaseReplication

/// Every event a simulated client was told is stored ("acknowledged"): what
/// the checkers hold the cluster to after the faults heal.
public struct AcknowledgementLedger: Sendable {
    /// The acknowledged events by identity.
    public private(set) var events: [EventID: ChangeEvent] = [:]
    /// Their identities in the order they were acknowledged (what checks iterate, never the dictionary).
    public private(set) var order: [EventID] = []
    /// Codes of filed dossiers, in the order they were filed.
    public private(set) var filedCodes: [String] = []
    /// Per origin, the highest acknowledged sequence: what every replica's
    /// version vector must reach (each origin acknowledges 1, 2, 3, … in order).
    public private(set) var expectedVersionVector = VersionVector()

    /// With provinces, the provinces each dossier belongs to, worked out here from the
    /// acknowledged events themselves (the centres of the dossier all of them fold to:
    /// receiving, competent, handling, every centre a step was taken at, a transfer's
    /// target), not from the tags the nodes wrote: the checks hold the tags and the imports
    /// to it. It only grows, as a dossier's provinces do.
    public private(set) var provincesByDossier: [String: Set<ProvinceCode>] = [:]
    /// With provinces, the acknowledged events of each dossier (what its provinces are folded from).
    private var eventsByDossier: [String: [ChangeEvent]] = [:]
    /// The province mergers the root signed in the run (`noteMerge`): a dossier of a merged
    /// province is one of the province it joined.
    private var mergers = ProvinceDirectory()

    /// An empty ledger.
    public init() {}

    /// Notes a merger the root signed: from now on the merged province's dossiers are the
    /// joined province's, whichever nodes have heard of it.
    mutating func noteMerge(_ merge: ProvinceMerge) {
        mergers.add(merge)
    }

    /// The province `province` is now, through the mergers signed so far.
    public func resolve(_ province: ProvinceCode) -> ProvinceCode {
        mergers.resolve(province)
    }

    /// The provinces dossier `code` belongs to now (`provincesByDossier`, through the mergers).
    public func provinces(of code: String) -> Set<ProvinceCode> {
        Set((provincesByDossier[code] ?? []).map(mergers.resolve))
    }

    /// How many events were acknowledged.
    public var count: Int { order.count }

    /// Acknowledges `event`; `province` places centres when the cluster has provinces.
    /// `writerHistory`: the dossier's events its writer held when it wrote `event`: the
    /// provinces its view then named count too (two concurrent steps can name a centre that a
    /// fold of all the events, in the order they were acknowledged, never shows at once).
    mutating func acknowledge(_ event: ChangeEvent, province: ((String) -> ProvinceCode?)? = nil, writerHistory: [ChangeEvent] = []) {
        if let province {
            // What the writer saw, and what all acknowledged events of the dossier fold to.
            eventsByDossier[event.dossierCode, default: []].append(event)
            let seen = (try? DossierProvinces.of(events: writerHistory + [event], province: province)) ?? []
            let all = (try? DossierProvinces.of(events: eventsByDossier[event.dossierCode]!, province: province)) ?? []
            // Before its filing is acknowledged a dossier folds to nothing: its step's centre counts.
            provincesByDossier[event.dossierCode, default: []].formUnion(seen.union(all).union([event.centre].compactMap(province)))
        }
        precondition(events[event.id] == nil, "event \(event.id) was acknowledged twice")
        precondition(event.sequence == expectedVersionVector[event.origin] + 1, "acknowledged events of an origin are dense")
        events[event.id] = event
        order.append(event.id)
        expectedVersionVector.advance(event.origin, to: event.sequence)
        if event.kind == .filed { filedCodes.append(event.dossierCode) }
    }
}
