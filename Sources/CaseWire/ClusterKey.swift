import CaseCore
import CaseReplication
import CaseCrypto
/// One 32-byte secret shared by every member of a cluster: a node proves it
/// holds it in the peer handshake, and the session keys that encrypt every
/// frame are derived from it.
///
/// Its description prints only the public id, so a key that ends up in a
/// log line or an error message gives nothing away.
public struct ClusterKey: Equatable, Sendable, CustomStringConvertible {
    /// Bytes in a key. Why 32: the key feeds HMAC-SHA256 and HKDF-SHA256, whose
    /// security is 256 bits; a shorter key would be the weakest link.
    public static let byteCount = 32
    /// Hex digits that spell a key in a key file.
    public static let hexDigitCount = 2 * byteCount
    /// Binds the id derivation to its purpose, so an id can never equal a
    /// proof or a session key computed from the same key.
    static let idLabel = Array("casestore cluster key id v1".utf8)

    /// The secret bytes.
    public let bytes: [UInt8]
    /// The public name sent in hellos (see `ClusterKeyID`).
    public let id: ClusterKeyID

    /// A key from its 32 bytes. Traps on another length: callers parse and
    /// check key files first (`ClusterKeyRing`).
    public init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a cluster key is \(Self.byteCount) bytes; got \(bytes.count)")
        self.bytes = bytes
        id = ClusterKeyID(bytes: Array(SHA256.hash(Self.idLabel + bytes).prefix(ClusterKeyID.byteCount)))
    }

    /// The key as a key-file line: 64 lowercase hex digits.
    public var hexLine: String { Hex.encode(bytes) }

    /// The id only: never the secret.
    public var description: String { "cluster key \(id)" }
}
