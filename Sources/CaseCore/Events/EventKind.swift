/// What an event records: a filing, or a workflow step.
///
/// The raw value is stored with every event and shipped between nodes:
/// "filed" for a filing, the action's name for a step.
public enum EventKind: Hashable, Sendable, CustomStringConvertible {
    case filed
    case action(WorkflowAction)

    public static let filedRawValue = "filed"

    public init?(rawValue: String) {
        if rawValue == Self.filedRawValue {
            self = .filed
        } else if let action = WorkflowAction(rawValue: rawValue) {
            self = .action(action)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .filed: return Self.filedRawValue
        case .action(let action): return action.rawValue
        }
    }

    public var description: String { rawValue }
}
