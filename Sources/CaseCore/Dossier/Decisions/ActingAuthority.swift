/// Who asks for a change, as a decision sees it. The node takes it from the caller's token
/// (never from the request's body, which anyone can write); the simulator from the role of
/// the simulated caller. `DossierLane` says what each may do to a dossier.
public enum ActingAuthority: Equatable, Sendable, CustomStringConvertible {
    /// Not limited to a centre or a dossier: commune mergers, settlements, repairs.
    case admin
    /// Acts for one centre (a node id), through that centre's node.
    case clerk(centre: String)

    /// The authority a token gives to change anything; nil for a monitor, which only reads
    /// (and for a clerk record without a centre, which validation never lets in).
    public init?(_ token: TokenRecord) {
        switch token.role {
        case .admin: self = .admin
        case .clerk:
            guard let centre = token.centre else { return nil }
            self = .clerk(centre: centre)
        case .monitor: return nil
        }
    }

    /// Whether it may change anything through node `nodeID`. A node records every change
    /// made there as its own centre's act (`centre` in the event), so a clerk files and
    /// acts only through its own centre's node; an admin through any.
    public func mayChange(atNode nodeID: String) -> Bool {
        switch self {
        case .admin: return true
        case .clerk(let centre): return centre == nodeID
        }
    }

    public var description: String {
        switch self {
        case .admin: return "an admin"
        case .clerk(let centre): return "a clerk of centre \(centre)"
        }
    }
}
