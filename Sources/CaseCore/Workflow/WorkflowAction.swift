/// A step a clerk (or, for `handover`, an admin) applies to a dossier.
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

    /// Actions a clerk may request through the API (`handover` is an admin operation).
    public static var clerkActions: [WorkflowAction] {
        allCases.filter { $0 != .handover }
    }
}
