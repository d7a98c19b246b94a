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
    /// acknowledged events themselves (the receiving and competent centres of the filing,
    /// and every centre a step was taken at), not from the tags the nodes wrote: the
    /// checks hold the tags to it.
    public private(set) var provincesByDossier: [String: Set<ProvinceCode>] = [:]

    /// An empty ledger.
    public init() {}

    /// How many events were acknowledged.
    public var count: Int { order.count }

    /// Acknowledges `event`; `province` places centres when the cluster has provinces.
    mutating func acknowledge(_ event: ChangeEvent, province: ((String) -> ProvinceCode?)? = nil) {
        if let province {
            var centres = [event.centre]
            if event.kind == .filed, let filing = try? FiledPayload(json: event.payload) {
                centres += [filing.receivingCentre, filing.competentCentre]
            }
            provincesByDossier[event.dossierCode, default: []].formUnion(centres.compactMap(province))
        }
        precondition(events[event.id] == nil, "event \(event.id) was acknowledged twice")
        precondition(event.sequence == expectedVersionVector[event.origin] + 1, "acknowledged events of an origin are dense")
        events[event.id] = event
        order.append(event.id)
        expectedVersionVector.advance(event.origin, to: event.sequence)
        if event.kind == .filed { filedCodes.append(event.dossierCode) }
    }
}
