import CaseReplication

/// Which outbound queue an envelope joins: a known member's by its id (so a
/// member that moves keeps one queue), an unknown node's by its address.
enum PeerKey: Hashable, Sendable, CustomStringConvertible {
    case member(String)
    case address(String)

    init(_ destination: Destination) {
        switch destination {
        case .member(let id, _): self = .member(id)
        case .address(let address): self = .address(address)
        }
    }

    var description: String {
        switch self {
        case .member(let id): id
        case .address(let address): address
        }
    }
}

extension Destination {
    /// The address to connect to.
    var address: String {
        switch self {
        case .member(_, let address), .address(let address): address
        }
    }

    /// The node that must answer, when the destination names one.
    var expectedNodeID: String? {
        switch self {
        case .member(let id, _): id
        case .address: nil
        }
    }
}
