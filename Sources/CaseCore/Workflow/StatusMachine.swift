/// The dossier status machine of DOMAIN.md, as a pure table.
///
/// Every action either moves the status (`.moves(to:)`) or keeps it
/// (`.keeps`: transfer, apology, note, handover, settle), and is allowed only from
/// the statuses listed here. Anything else is an illegal step.
public enum StatusMachine {
    public enum Effect: Equatable, Sendable {
        case moves(to: DossierStatus)
        case keeps
    }

    private static let withdrawable: Set<DossierStatus> = [
        .submitted, .received, .processing, .supplementRequested, .paymentRequested,
    ]

    /// Statuses from which `action` is allowed, and what it does to the status.
    public static func rule(for action: WorkflowAction) -> (from: Set<DossierStatus>, effect: Effect) {
        switch action {
        case .accept: return ([.submitted], .moves(to: .received))
        case .refuse: return ([.submitted], .moves(to: .refused))
        case .start: return ([.received], .moves(to: .processing))
        case .requestSupplement: return ([.submitted, .processing], .moves(to: .supplementRequested))
        case .supplement: return ([.supplementRequested], .moves(to: .processing))
        case .requestPayment: return ([.processing], .moves(to: .paymentRequested))
        case .paid: return ([.paymentRequested], .moves(to: .processing))
        case .requestWithdrawal: return (withdrawable, .moves(to: .withdrawRequested))
        case .stop: return ([.processing, .supplementRequested, .withdrawRequested], .moves(to: .stopped))
        case .resolve: return ([.processing], .moves(to: .resolved))
        case .returnResult: return ([.resolved], .moves(to: .returned))
        // A transfer changes only the handling centre, while someone still has work to do
        // on the dossier. A handover (merger) also takes a resolved dossier: its result must
        // still be returned, and the retired centre no longer can.
        case .transfer: return (unfinishedStatuses, .keeps)
        case .handover: return (unfinishedStatuses.union([.resolved]), .keeps)
        // An apology moves the due date, which matters only while unfinished.
        case .apologize: return (unfinishedStatuses, .keeps)
        // A note, or an admin's settling of conflicts, records a fact whatever the status.
        case .note, .settle: return (Set(DossierStatus.allCases), .keeps)
        }
    }

    /// The status after applying `action` in `status`, or nil when the step is illegal.
    public static func status(after action: WorkflowAction, from status: DossierStatus) -> DossierStatus? {
        let rule = rule(for: action)
        guard rule.from.contains(status) else { return nil }
        switch rule.effect {
        case .moves(let target): return target
        case .keeps: return status
        }
    }

    /// The status after a step whose event says it `receives` the dossier: a supplement that
    /// completes an online dossier sent back at intake (Mẫu 02 before receipt) makes it
    /// received, as the counter would have, rather than processing, since it never was
    /// received. Only events that say so (written from this version on) take this branch, so
    /// older events fold as before (docs/due-dates.md). Nil when the step is illegal.
    public static func status(after action: WorkflowAction, from status: DossierStatus, receives: Bool) -> DossierStatus? {
        guard let next = self.status(after: action, from: status) else { return nil }
        return receives && action == .supplement ? .received : next
    }

    /// The clerk actions allowed in `status`, in declaration order (for error messages and UIs).
    public static func allowedActions(from status: DossierStatus) -> [WorkflowAction] {
        allowedActionsByStatus[status] ?? []
    }

    /// Worked out once: every saved dossier state lists its allowed actions, and building
    /// each action's rule anew for it was a fiftieth of storing a replicated filing.
    private static let allowedActionsByStatus: [DossierStatus: [WorkflowAction]] = Dictionary(
        uniqueKeysWithValues: DossierStatus.allCases.map { status in
            (status, WorkflowAction.clerkActions.filter { rule(for: $0).from.contains(status) })
        })

    /// The statuses reachable from `status` in one step (status-keeping actions excluded).
    public static func nextStatuses(from status: DossierStatus) -> [DossierStatus] {
        var result: [DossierStatus] = []
        for action in WorkflowAction.allCases {
            for receives in [false, true] {
                if let next = Self.status(after: action, from: status, receives: receives), next != status, !result.contains(next) {
                    result.append(next)
                }
            }
        }
        return result
    }

    private static let unfinishedStatuses = Set(DossierStatus.allCases.filter(\.isUnfinished))
}
