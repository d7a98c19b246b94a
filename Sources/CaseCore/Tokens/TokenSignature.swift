import CaseCrypto
import CaseSupport

/// A signature that vouches for a token record: the grant by its issuer, or a
/// revocation by the issuer, the root or an admin key. It carries what a node needs
/// to check it with nothing but the cluster's root public key: the signer's key, and
/// the root's certificate for that key when the signer is not the root itself.
///
/// Binary form (in signed token records, `TokenRecord+Wire`):
///
///     signer     u8: 1 the root, then its public key (32 bytes)
///                    2 a certified key, then its certificate (length-prefixed, `Certificate.encoded`)
///     signature  64 bytes (Ed25519)
public struct TokenSignature: Equatable, Sendable {
    /// Who signed: the cluster root itself, or a key the root certified (a node's or an admin's).
    public enum Signer: Equatable, Sendable {
        case root(SigningPublicKey)
        case certified(Certificate)

        public var publicKey: SigningPublicKey {
            switch self {
            case .root(let key): return key
            case .certified(let certificate): return certificate.publicKey
            }
        }

        /// How the signer is named in messages and `casectl token list`.
        public var description: String {
            switch self {
            case .root(let key): return "the cluster root \(key.fingerprint)"
            case .certified(let certificate): return "\(certificate.role) \(certificate.subject) (key \(certificate.publicKey.fingerprint))"
            }
        }
    }

    public let signer: Signer
    public let signature: [UInt8]

    public init(signer: Signer, signature: [UInt8]) {
        self.signer = signer
        self.signature = signature
    }

    static let rootTag: UInt8 = 1
    static let certifiedTag: UInt8 = 2
    /// Fewest bytes of the binary form: a root signer.
    static let minWireBytes = 1 + Ed25519.publicKeyByteCount + Ed25519.signatureByteCount
    /// Most bytes of the binary form: a certificate at its bound and its length.
    public static let maxWireBytes = 1 + 2 + Certificate.maxEncodedBytes + Ed25519.signatureByteCount

    func encode(to writer: inout WireWriter) {
        switch signer {
        case .root(let key):
            writer.u8(Self.rootTag)
            writer.fixedBytes(key.bytes)
        case .certified(let certificate):
            writer.u8(Self.certifiedTag)
            writer.bytes(certificate.encoded)
        }
        writer.fixedBytes(signature)
    }

    init(from reader: inout WireReader) throws(WireDecodingError) {
        let tag = try reader.readU8()
        switch tag {
        case Self.rootTag:
            guard let key = SigningPublicKey(bytes: try reader.readFixedBytes(count: Ed25519.publicKeyByteCount)) else {
                throw .invalidValue("token signature: root key")
            }
            signer = .root(key)
        case Self.certifiedTag:
            signer = .certified(try Certificate(encoded: try reader.readBytes(maxBytes: Certificate.maxEncodedBytes)))
        default:
            throw .invalidValue("token signer \(tag): known signers are 1 (the root) and 2 (a certified key)")
        }
        signature = try reader.readFixedBytes(count: Ed25519.signatureByteCount)
    }

    /// The binary form on its own: how it is stored and how casectl posts a revocation.
    public var encoded: [UInt8] {
        var writer = WireWriter(reservingCapacity: 256)
        encode(to: &writer)
        return writer.buffer
    }

    public init(encoded bytes: [UInt8]) throws(WireDecodingError) {
        guard bytes.count <= Self.maxWireBytes else { throw .lengthTooLarge(length: UInt64(bytes.count), max: Self.maxWireBytes) }
        var reader = WireReader(bytes)
        try self.init(from: &reader)
        try reader.expectEnd()
    }
}
