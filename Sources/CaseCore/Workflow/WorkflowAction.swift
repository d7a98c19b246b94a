/// A step a clerk (or, for `handover` and `settle`, an admin) applies to a dossier.
///
/// The raw values are the API's action names and the kinds of stored events:
/// append new cases, never rename one.
public enum WorkflowAction: String, CaseIterable, Sendable, Hashable {
    case accept
    case refuse
    case transfer
    case start
    case requestSupplement = "request-supplement"
    case supplement
    case requestPayment = "request-payment"
    case paid
    case requestWithdrawal = "request-withdrawal"
    case stop
    case resolve
    case returnResult = "return"
    case apologize
    case note
    /// A commune merger moved the dossier to the successor centre.
    case handover
    /// An admin settled conflicts of the dossier (named by event): the decision is
    /// recorded and replicated; the status stays as it is.
    case settle

    /// Admin operations, each with its own endpoint or command rather than a clerk's step.
    public static let adminActions: Set<WorkflowAction> = [.handover, .settle]

    /// Actions a clerk may request through the API (see `adminActions` for the others).
    public static var clerkActions: [WorkflowAction] {
        allCases.filter { !adminActions.contains($0) }
    }
}
