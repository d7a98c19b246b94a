import CaseSupport

/// The due date statistics judge a dossier's "on time" by (docs/due-dates.md, "Apologies"):
/// the original due date moved by the waits for the citizen, which the rules leave out of
/// the time limit, but not by apologies, which do not make a late dossier on time.
public enum StatisticsDueDate {
    /// A history step that moved the due date: an apology, or another step (the end of a wait)
    /// with the due date it set.
    public struct Move: Sendable {
        public var isApology: Bool
        public var newDueAt: Instant

        public init(isApology: Bool, newDueAt: Instant) {
            self.isApology = isApology
            self.newDueAt = newDueAt
        }
    }

    /// The due date in force just before the first apology (the current one if there was
    /// none), and whether there was one. `moves` are the applied steps that moved the due
    /// date after receipt, in history order.
    ///
    /// A wait that ends after an apology resumed from the apologised date, so its share
    /// cannot be told apart: such a dossier is judged by the date before the apology.
    public static func judged(originalDueAt: Instant, moves: some Sequence<Move>) -> (dueAt: Instant, apologised: Bool) {
        var due = originalDueAt
        for move in moves {
            if move.isApology { return (due, true) }
            due = move.newDueAt
        }
        return (due, false)
    }

    /// The move an applied history step made, read from its action and details: every step
    /// that moves the due date after receipt records it as `newDueAt`.
    public static func move(action: String, details: [String: JSONValue]) -> Move? {
        guard let text = details["newDueAt"]?.stringValue, let moved = VietnamTime.parseISO8601(text) else { return nil }
        return Move(isApology: action == WorkflowAction.apologize.rawValue, newDueAt: moved)
    }
}

extension Dossier {
    /// The applied steps of the history that moved the due date after receipt.
    public var dueDateMoves: [StatisticsDueDate.Move] {
        history.filter(\.applied).compactMap { StatisticsDueDate.move(action: $0.action, details: $0.details) }
    }
}
