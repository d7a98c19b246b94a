import CaseSupport

/// Re-issuing a dossier's lookup PIN (docs/lookup.md): the clear PIN exists only when it is
/// made, so a receipt printed after the filing needs a new one, and the old one stops working.
extension DossierDecisions {
    /// The history line of a re-issue; the same text at every node, old versions included.
    public static let lookupPinReissueNote = "Cấp lại mã PIN tra cứu hồ sơ"

    /// A `note` step carrying `hash`, the hash of a new PIN the caller made. A note, not a new
    /// kind of step: nodes of the previous release cannot decode a new kind, and they fold
    /// this one as the note it is, ignoring the field they do not know.
    ///
    /// Who may: an admin, or a clerk through its own centre's node whose centre received or
    /// handles the dossier: the citizen comes back to one of those for a new receipt, and a
    /// re-issue cancels the PIN the citizen holds, so no other centre should do it.
    public static func reissueLookupPin(
        _ hash: LookupPinHash, by authority: ActingAuthority, actor: String, history: [ChangeEvent], code: String,
        context: DecisionContext
    ) throws(DossierRefusal) -> DossierDecision {
        let dossier = try current(history, code: code)
        if case .clerk(let centre) = authority {
            guard authority.mayChange(atNode: context.node) else {
                throw DossierRefusal(.forbidden, code: "wrong_centre", message: "a clerk of centre \(centre) acts only through \(centre)'s node, not through node \(context.node)")
            }
            guard centre == dossier.receivingCentre || centre == dossier.handlingCentre else {
                throw DossierRefusal(
                    .forbidden, code: "not_handling_centre",
                    message: "dossier \(code) was received at \(dossier.receivingCentre) and is handled by \(dossier.handlingCentre): only they re-issue its lookup PIN")
            }
        }
        let payload = JSONValue.object(["note": .string(lookupPinReissueNote), LookupPinHash.payloadKey: .string(hash.encoded)])
        let event = context.event(code, .action(.note), actor: actor, payload: payload)
        return DossierDecision(event: event, dossier: try fold(history + [event]))
    }
}
