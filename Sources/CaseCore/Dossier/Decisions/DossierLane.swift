/// Which workflow steps a caller may take on a dossier: "clerks in their lane" (issue 15),
/// the one place the rule is written. The node's `DossierService` and the simulator's
/// clerks reach it through `DossierDecisions.act`; the authorizer's early check that a
/// clerk acts through its own centre's node is `ActingAuthority.mayChange(atNode:)`.
///
/// - An admin is not limited.
/// - A clerk acts only through its own centre's node: every step taken there is recorded
///   as that centre's.
/// - There it may take any clerk step on a dossier its centre handles. Why: the handling
///   centre answers for the dossier (due date, result), so no other centre may move it on.
/// - On a dossier its centre received but another handles, it may take the intake steps
///   (accept, refuse, request a supplement) while the dossier is still at intake
///   (submitted): the centre that took an online filing checks it, wherever it goes next.
///   It may likewise record the supplement that completes a dossier it sent back at intake
///   (`awaitingIntakeSupplement`): the citizen brings the missing papers to the centre that
///   asked for them, and the supplement receives the dossier (docs/due-dates.md).
/// - It may add a note to any dossier: a note changes nothing but the history, and
///   whoever may read the dossier (every clerk, at every node) may record what it knows.
/// - Handover and settle are admins' operations.
public enum DossierLane {
    /// The steps the receiving centre may take while the dossier is at intake.
    public static let intakeActions: Set<WorkflowAction> = [.accept, .refuse, .requestSupplement]
    /// Where a dossier waits at intake: filed online, not yet accepted or refused.
    public static let intakeStatus = DossierStatus.submitted

    public enum Verdict: Equatable, Sendable {
        case allowed
        /// A clerk acting through another centre's node.
        case wrongCentre
        /// An admin's operation asked for by a clerk.
        case adminOnly
        /// Neither the handling centre's step, nor an intake step of the receiving centre.
        case notHandlingCentre
    }

    /// Whether `authority`, acting through node `nodeID`, may take `action` on a dossier
    /// in `status` handled by `handlingCentre` and received at `receivingCentre`. Only
    /// who may: whether the status allows the step is `StatusMachine`'s question.
    public static func verdict(
        _ action: WorkflowAction, status: DossierStatus, handlingCentre: String, receivingCentre: String,
        by authority: ActingAuthority, atNode nodeID: String
    ) -> Verdict {
        guard authority.mayChange(atNode: nodeID) else { return .wrongCentre }
        guard case .clerk(let centre) = authority else { return .allowed }
        if WorkflowAction.adminActions.contains(action) { return .adminOnly }
        if action == .note || handlingCentre == centre { return .allowed }
        let intake = receivingCentre == centre && status == intakeStatus && intakeActions.contains(action)
        return intake ? .allowed : .notHandlingCentre
    }

    /// `verdict` on a dossier as it stands.
    public static func verdict(_ action: WorkflowAction, on dossier: Dossier, by authority: ActingAuthority, atNode nodeID: String) -> Verdict {
        let verdict = verdict(
            action, status: dossier.status, handlingCentre: dossier.handlingCentre, receivingCentre: dossier.receivingCentre,
            by: authority, atNode: nodeID)
        guard verdict == .notHandlingCentre, action == .supplement, dossier.awaitingIntakeSupplement,
              authority == .clerk(centre: dossier.receivingCentre) else { return verdict }
        return .allowed
    }

    /// Refuses (403, nothing changed) a step outside the caller's lane, naming the centre
    /// that handles the dossier.
    static func check(_ action: WorkflowAction, on dossier: Dossier, by authority: ActingAuthority, atNode nodeID: String)
        throws(DossierRefusal)
    {
        guard case .clerk(let centre) = authority else { return }
        switch verdict(action, on: dossier, by: authority, atNode: nodeID) {
        case .allowed:
            return
        case .wrongCentre:
            throw DossierRefusal(
                .forbidden, code: "wrong_centre",
                message: "a clerk of centre \(centre) acts only through \(centre)'s node, not through node \(nodeID): "
                    + "steps taken here are recorded as \(nodeID)'s")
        case .adminOnly:
            throw DossierRefusal(
                .forbidden, code: "forbidden", message: "\(action.rawValue) is an admin's operation; a clerk of centre \(centre) may not take it")
        case .notHandlingCentre:
            throw notHandlingCentre(action, on: dossier, clerkOf: centre)
        }
    }

    /// Names the handling centre and, for an intake step its centre may take at another
    /// time, when that is.
    private static func notHandlingCentre(_ action: WorkflowAction, on dossier: Dossier, clerkOf centre: String) -> DossierRefusal {
        let names = intakeActions.map(\.rawValue).sorted()
        let intake = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        let received = dossier.receivingCentre == centre && intakeActions.contains(action)
            ? " (\(centre) received it, so it may \(intake) it only while it is \(intakeStatus.rawValue); it is \(dossier.status.rawValue))"
            : ""
        return DossierRefusal(
            .forbidden, code: "not_handling_centre",
            message: "dossier \(dossier.code) is handled by centre \(dossier.handlingCentre): a clerk of centre \(centre) may not "
                + "\(action.rawValue) it\(received); it may add a note, or ask \(dossier.handlingCentre)'s clerks or an admin")
    }
}
