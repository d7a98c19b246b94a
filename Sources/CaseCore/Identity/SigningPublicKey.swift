import CaseCrypto

/// An Ed25519 public key (RFC 8032): a node's, an admin's or the cluster root's.
///
/// Only the 32 bytes are checked here (length); whether they decode to a curve point
/// is decided by `Ed25519.verify`, which refuses every signature under a key that
/// does not.
public struct SigningPublicKey: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Nil unless `bytes` is exactly `Ed25519.publicKeyByteCount` bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Ed25519.publicKeyByteCount else { return nil }
        self.bytes = bytes
    }

    /// The key spelled as 64 hexadecimal digits (how operators pass it: a flag, a
    /// config key, a `.pub` file); surrounding whitespace is ignored.
    public init?(hex text: some StringProtocol) {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        guard trimmed.count == 1, let bytes = Hex.decode(String(trimmed[0])) else { return nil }
        self.init(bytes: bytes)
    }

    public var hex: String { Hex.encode(bytes) }

    /// The first 8 bytes of SHA-256 of the key, in hex: short enough to read out over
    /// the phone when an operator checks that two machines hold the same root key.
    public var fingerprint: String { Hex.encode(SHA256.hash(bytes).prefix(8)) }

    public var description: String { "ed25519:\(fingerprint)" }

    /// Whether `signature` is this key's signature of `message`.
    public func isValidSignature(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        Ed25519.verify(signature: signature, message: message, publicKey: bytes)
    }
}
