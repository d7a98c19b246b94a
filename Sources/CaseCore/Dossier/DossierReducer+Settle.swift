import CaseSupport

/// How an admin's `settle` step folds in, order-independently.
///
/// A settle event names conflict events (`{"events": ["n1/7", …], "note": …}`). Folding
/// it marks each named conflict already recorded as settled by it. A named event that
/// becomes a conflict only later in fold order is marked when it is recorded, by the
/// first settle step before it that names it. Either way the result is a pure function
/// of the set of events: every node shows the same conflicts settled by the same event,
/// whichever order the events arrived in. (Normally a settle sorts after the events it
/// names, since its author had seen them; the second rule makes the fold total anyway.)
extension DossierReducer {
    /// The most conflict events one settle step may name. Why 100: a dossier collects a
    /// handful of conflicts at most; more in one decision is a mistake, not a workload.
    public static let maxSettledEvents = 100

    /// The valid, distinct event ids a settle payload names, in the order given, at most
    /// `maxSettledEvents`. Anything else in a replicated payload is ignored, never trapped on.
    public static func settledEvents(in payload: JSONValue) -> [EventID] {
        var seen = Set<EventID>()
        var events: [EventID] = []
        for element in (payload["events"]?.arrayValue ?? []).prefix(maxSettledEvents) {
            guard let text = element.stringValue, let id = EventID(text: text), seen.insert(id).inserted else { continue }
            events.append(id)
        }
        return events
    }

    /// Marks the open conflicts among `named` as settled by `settle`.
    static func markSettled(by settle: EventID, naming named: [EventID], in dossier: inout Dossier) {
        let names = Set(named)
        for index in dossier.conflicts.indices
        where dossier.conflicts[index].settledBy == nil && names.contains(dossier.conflicts[index].event) {
            dossier.conflicts[index].settledBy = settle
        }
    }

    /// The first applied settle step in `history` that names `event`, if any.
    static func settlement(of event: EventID, in history: [HistoryStep]) -> EventID? {
        let name = JSONValue.string(event.description)
        return history.first { step in
            step.applied && step.action == WorkflowAction.settle.rawValue
                && (step.details["events"]?.arrayValue ?? []).contains(name)
        }?.event
    }
}
