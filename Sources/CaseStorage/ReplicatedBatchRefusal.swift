import CaseCore

/// Why a batch of events received from a peer was refused. Nothing of a refused batch is
/// stored: a batch is applied whole or not at all.
public enum ReplicatedBatchRefusal: Error, Equatable, CustomStringConvertible {
    /// One event could not have been written by a correct node.
    case invalidEvent(EventID, problem: String, batchCount: Int)
    /// More events than one transaction may take.
    case tooManyEvents(count: Int, max: Int)

    public var description: String {
        switch self {
        case .invalidEvent(let id, let problem, let batchCount):
            return "refused a batch of \(batchCount) replicated event(s), storing none of them: event \(Self.bounded(id)) \(problem)"
        case .tooManyEvents(let count, let max):
            return "refused a batch of \(count) replicated events: at most \(max) are applied in one transaction; send smaller batches"
        }
    }

    /// The id as text, with an overlong (hence invalid) origin cut so a message stays short.
    private static func bounded(_ id: EventID) -> String {
        guard id.origin.utf8.count > NodeName.maxLength else { return id.description }
        return "\(id.origin.prefix(NodeName.maxLength))…/\(id.sequence)"
    }
}
