import CaseCore
import CaseWire

extension TokenSecret {
    /// A new token from the system's secure random source.
    public static func generate() -> TokenSecret {
        generate(using: { SecureRandom.bytes(count: $0) })
    }
}

extension TokenIssuer {
    /// A new token's secret from the system's secure random source, its id bound to this issuer.
    public func newSecret() -> TokenSecret {
        newSecret(using: { SecureRandom.bytes(count: $0) })
    }
}

extension ClusterKey {
    /// A fresh key from the system's secure random source.
    public static func generate() -> ClusterKey {
        ClusterKey(bytes: SecureRandom.bytes(count: byteCount))
    }
}

extension SigningKey {
    /// A fresh Ed25519 key from the system's secure random source.
    public static func generate() -> SigningKey {
        guard let key = SigningKey(seed: SecureRandom.bytes(count: 32)) else {
            preconditionFailure("32 random bytes are always an Ed25519 seed")
        }
        return key
    }
}

extension LookupPin {
    /// A new citizen lookup PIN from the system's secure random source.
    public static func generate() -> LookupPin {
        generate(using: { SecureRandom.bytes(count: $0) })
    }
}

extension LookupPinHash {
    /// The hash of `pin` under a fresh salt from the system's secure random source.
    public static func make(_ pin: LookupPin) -> LookupPinHash {
        make(pin, using: { SecureRandom.bytes(count: $0) })
    }
}
