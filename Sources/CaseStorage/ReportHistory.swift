import CaseCore
import CaseSupport

/// A dossier's history as reports read it, from the stored state JSON (its `history`, the
/// processing control slip): the steps, the due date in force at an instant, and whether it
/// waited for the citizen then.
enum ReportHistory {
    /// One applied step of a stored history: what a report needs of it.
    struct Step {
        var at: Instant
        var action: String
        var centre: String
        /// The status the step left the dossier in.
        var to: String
        var details: [String: JSONValue]
    }

    /// The applied steps of a stored state's `history`, in history order, as SQLite's
    /// `json_extract(state, '$.history')` gives it (the rest of the state is never parsed).
    /// Steps a concurrent step made impossible (`applied: false`) changed nothing, so they
    /// count for nothing.
    static func appliedSteps(ofStoredHistory text: String, code: String) throws -> [Step] {
        let parsed: JSONValue
        do {
            parsed = try JSONParser().parse(text)
        } catch {
            throw StoreCorruption("dossier \(code) has an unreadable history: \(error)")
        }
        guard case .array(let history) = parsed else { throw StoreCorruption("dossier \(code) has no history") }
        return try history.compactMap { step in
            guard step["applied"]?.boolValue != false else { return nil }
            guard let atText = step["at"]?.stringValue, let at = VietnamTime.parseISO8601(atText),
                  let action = step["action"]?.stringValue, let centre = step["centre"]?.stringValue,
                  let to = step["to"]?.stringValue else {
                throw StoreCorruption("dossier \(code) has a history step without at, action, centre or to")
            }
            guard case .object(let details)? = step["details"] else {
                return Step(at: at, action: action, centre: centre, to: to, details: [:])
            }
            return Step(at: at, action: action, centre: centre, to: to, details: details)
        }
    }

    /// The due date in force just before `instant`: the original one, moved by every
    /// supplement and apology step taken before `instant` (each records the new due date).
    static func dueAt(before instant: Instant, originalDueAt: Instant, steps: [Step]) -> Instant {
        var due = originalDueAt
        for step in steps where step.at < instant {
            if let text = step.details["newDueAt"]?.stringValue, let moved = VietnamTime.parseISO8601(text) {
                due = moved
            }
        }
        return due
    }

    /// The steps that moved the due date, for `StatisticsDueDate` (as `Dossier.dueDateMoves`).
    static func dueDateMoves(_ steps: [Step]) -> [StatisticsDueDate.Move] {
        steps.compactMap { StatisticsDueDate.move(action: $0.action, details: $0.details) }
    }

    /// Whether the dossier waited for the citizen, its clock stopped, at `instant`: the steps
    /// before it left it waiting for a supplement, or for a payment whose request stopped the
    /// clock (`Dossier.isWaitingForCitizen` then).
    static func waitingForCitizen(at instant: Instant, steps: [Step]) -> Bool {
        var status = "", paymentPaused = false
        for step in steps where step.at < instant {
            status = step.to
            if step.action == WorkflowAction.requestPayment.rawValue { paymentPaused = step.details["clockPaused"]?.boolValue == true }
        }
        return status == DossierStatus.supplementRequested.rawValue
            || (status == DossierStatus.paymentRequested.rawValue && paymentPaused)
    }
}

extension ReportHistory {
    /// The first applied handover of `steps` that took the dossier from `retired`.
    static func handover(from retired: String, in steps: [Step]) -> Step? {
        steps.first { $0.action == WorkflowAction.handover.rawValue && $0.details["from"]?.stringValue == retired }
    }
}
