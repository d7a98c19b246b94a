import CaseSupport

/// How steps start, pause and resume a dossier's clock (docs/due-dates.md). Every change
/// is read from a payload field the deciding node wrote (`DossierDecisions.stepPayload`);
/// an event without the field changes nothing here, so events written before these rules
/// fold exactly as they did.
extension DossierReducer {
    static func applyClock(
        of action: WorkflowAction, payload: JSONValue, to dossier: inout Dossier, details: inout [String: JSONValue]
    ) {
        switch action {
        case .accept:
            // An online dossier is received, and its clock starts, at acceptance.
            if let dueMs = payload["dueAtMs"]?.int64Value { startClock(dueMs, of: &dossier, details: &details) }
        case .requestSupplement, .requestPayment:
            dossier.pausedRemainingWorkingMs = payload["remainingWorkingMs"]?.int64Value
            // Reports read from the history whether a payment wait stopped the clock.
            if action == .requestPayment, dossier.pausedRemainingWorkingMs != nil { details["clockPaused"] = .bool(true) }
            if action == .requestSupplement {
                dossier.awaitingIntakeSupplement = dossier.status == .submitted && self.payload(payload, says: "intake")
            }
        case .supplement where self.payload(payload, says: "receives"):
            // The supplement completed a dossier sent back at intake: received now.
            if let dueMs = payload["newDueAtMs"]?.int64Value { startClock(dueMs, of: &dossier, details: &details) }
            dossier.pausedRemainingWorkingMs = nil
        case .supplement, .paid:
            resumeClock(payload: payload, of: &dossier, details: &details)
        default:
            break
        }
    }

    /// The first due date of a dossier received now: kept as the original for statistics.
    private static func startClock(_ dueMs: Int64, of dossier: inout Dossier, details: inout [String: JSONValue]) {
        dossier.dueAt = Instant(millisecondsSinceEpoch: dueMs)
        dossier.originalDueAt = dossier.dueAt
        details["dueAt"] = .string(VietnamTime.iso8601(dossier.dueAt))
    }

    /// The end of a wait for the citizen: the due date moves by the time the wait lasted.
    /// A `paid` of an old event carries no new due date, and so moves nothing.
    private static func resumeClock(payload: JSONValue, of dossier: inout Dossier, details: inout [String: JSONValue]) {
        if let dueMs = payload["newDueAtMs"]?.int64Value {
            dossier.dueAt = Instant(millisecondsSinceEpoch: dueMs)
            details["newDueAt"] = .string(VietnamTime.iso8601(dossier.dueAt))
        }
        dossier.pausedRemainingWorkingMs = nil
    }

    /// Whether a step's payload sets the flag `key` (absent in events of older nodes).
    static func payload(_ payload: JSONValue, says key: String) -> Bool {
        payload[key]?.boolValue == true
    }
}
