/// Which side of a peer connection computes a handshake proof. The role's
/// label is part of what the proof covers, so a proof made by one side is
/// never valid as the other's: an attacker cannot reflect the acceptor's
/// proof back to it as its own.
public enum HandshakeRole: Sendable, CaseIterable {
    /// The side that connected and said hello.
    case opener
    /// The side that accepted the connection and answered.
    case acceptor

    /// The label mixed into the proof.
    public var label: String {
        switch self {
        case .opener: "opener"
        case .acceptor: "acceptor"
        }
    }
}
