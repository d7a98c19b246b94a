import CaseCore
import CaseWire

extension TokenSecret {
    /// A new token from the system's secure random source.
    public static func generate() -> TokenSecret {
        generate(using: { SecureRandom.bytes(count: $0) })
    }
}

extension ClusterKey {
    /// A fresh key from the system's secure random source.
    public static func generate() -> ClusterKey {
        ClusterKey(bytes: SecureRandom.bytes(count: byteCount))
    }
}
