import Synchronization

/// The operations of every client, in completion order, shared between
/// client threads; also the pool of acknowledged dossiers steps are applied to.
public final class OperationHistory: Sendable {
    /// Most operations recorded: a 30-minute soak at the clients' pace makes
    /// well under 100,000; past the bound clients stop, so the history (and
    /// the checker's memory) stays bounded.
    public static let maxOperations = 200_000
    private let state = Mutex<(operations: [Operation], dossiers: [String])>(([], []))

    public init() {}

    /// Records one finished operation; false once the bound is reached.
    @discardableResult
    public func record(_ operation: Operation) -> Bool {
        state.withLock { state in
            guard state.operations.count < Self.maxOperations else { return false }
            state.operations.append(operation)
            if operation.kind == .file, operation.outcome == .ok, let code = operation.dossier {
                state.dossiers.append(code)
            }
            return true
        }
    }

    public var operations: [Operation] { state.withLock { $0.operations } }

    public var isFull: Bool { state.withLock { $0.operations.count >= Self.maxOperations } }

    /// An acknowledged dossier picked by `index` (taken modulo the count), if any.
    public func dossier(at index: Int) -> String? {
        state.withLock { state in
            state.dossiers.isEmpty ? nil : state.dossiers[index % state.dossiers.count]
        }
    }
}
