/// A sealed message did not authenticate: the ciphertext, tag or additional
/// data was altered, or the key or nonce is not the one it was sealed with.
/// Nothing of the plaintext is released.
public struct AuthenticationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The failure; it carries no detail on purpose, so a peer learns
    /// nothing about which check failed.
    public init() {}

    /// What went wrong and what may have caused it.
    public var description: String {
        "ChaCha20-Poly1305: the tag does not match the ciphertext and additional data; "
            + "the message was altered in transit, or the key or nonce differs from the sender's"
    }
}
