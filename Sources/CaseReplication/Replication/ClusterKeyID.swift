import CaseCrypto

/// The public name of a cluster key: the first 8 bytes of SHA-256 over a
/// label and the key. It travels in the clear in every hello, so an
/// acceptor holding several keys (during a rotation) picks the right one
/// without trying each; it reveals nothing usable about the key itself.
public struct ClusterKeyID: Hashable, Sendable, CustomStringConvertible {
    /// Bytes in an id. Why 8: ids only tell apart the handful of keys one
    /// node holds; a collision among them is a 2^-64 event, and a forged id
    /// still needs the key to complete the handshake.
    public static let byteCount = 8

    /// The id's bytes, as sent in a hello.
    public let bytes: [UInt8]

    /// The id carried in a hello. Traps on a wrong length: the codec reads
    /// exactly `byteCount` bytes, so any other length is a programming error.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a cluster key id is \(Self.byteCount) bytes; got \(bytes.count)")
        self.bytes = bytes
    }

    /// Hexadecimal, safe for logs and refusals.
    public var description: String { Hex.encode(bytes) }
}
