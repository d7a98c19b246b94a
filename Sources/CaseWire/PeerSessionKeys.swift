import CaseCore
import CaseReplication
import CaseCrypto
/// The two ChaCha20-Poly1305 keys of one peer connection, one per direction.
/// Separate keys mean a frame sent one way can never be fed back the other
/// way, and each direction's counter nonces start at 0 without colliding.
public struct PeerSessionKeys: Equatable, Sendable {
    /// Seals what the opener sends; opens what the acceptor receives.
    public let openerToAcceptor: [UInt8]
    /// Seals what the acceptor sends; opens what the opener receives.
    public let acceptorToOpener: [UInt8]

    public init(openerToAcceptor: [UInt8], acceptorToOpener: [UInt8]) {
        precondition(openerToAcceptor.count == ChaCha20Poly1305.keyByteCount && acceptorToOpener.count == ChaCha20Poly1305.keyByteCount,
                     "session keys are \(ChaCha20Poly1305.keyByteCount) bytes")
        precondition(openerToAcceptor != acceptorToOpener, "the two directions must have different keys")
        self.openerToAcceptor = openerToAcceptor
        self.acceptorToOpener = acceptorToOpener
    }

    /// The key `role` seals its own frames with.
    public func sendingKey(for role: HandshakeRole) -> [UInt8] {
        role == .opener ? openerToAcceptor : acceptorToOpener
    }

    /// The key `role` opens its peer's frames with.
    public func receivingKey(for role: HandshakeRole) -> [UInt8] {
        role == .opener ? acceptorToOpener : openerToAcceptor
    }
}
