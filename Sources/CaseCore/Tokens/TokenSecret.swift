import CaseCrypto

/// A token as its holder has it: `cst_<id>_<secret>`, the id in 16 hex digits and the
/// secret's 32 random bytes in 64. Shown once, when it is created; nodes keep only the
/// SHA-256 of the secret.
///
/// The id travels in the text so a node finds the record directly and then compares
/// the secret's hash with the stored one in constant time.
public struct TokenSecret: Sendable, CustomStringConvertible {
    public static let prefix = "cst_"
    /// `cst_` + 16 + `_` + 64.
    public static let textLength = prefix.utf8.count + TokenLimits.idByteCount * 2 + 1 + TokenLimits.secretByteCount * 2

    public let id: String
    private let secret: [UInt8]

    /// A new token from `randomBytes(count)`, which must be a secure random source
    /// (`TokenSecret.generate()` in CaseSystem passes the system's).
    public static func generate(using randomBytes: (Int) -> [UInt8]) -> TokenSecret {
        TokenSecret(id: Hex.encode(randomBytes(TokenLimits.idByteCount)), secret: randomBytes(TokenLimits.secretByteCount))
    }

    /// A new token whose id is bound to `issuer` (`TokenRecord.boundID`): how a signed
    /// token is made, so that no other key can make a record of its id and hash.
    public static func generate(boundTo issuer: SigningPublicKey, using randomBytes: (Int) -> [UInt8]) -> TokenSecret {
        let secret = randomBytes(TokenLimits.secretByteCount)
        return TokenSecret(id: TokenRecord.boundID(issuer: issuer, secretHash: SHA256.hash(secret)), secret: secret)
    }

    private init(id: String, secret: [UInt8]) {
        self.id = id
        self.secret = secret
    }

    /// The token in `text` (surrounding whitespace ignored), or nil when it is not one.
    public init?(parsing text: String) {
        let trimmed = Array(Self.trimmingWhitespace(Array(text.utf8)))
        let prefix = Array(Self.prefix.utf8)
        let idEnd = prefix.count + TokenLimits.idByteCount * 2
        guard trimmed.count == Self.textLength, trimmed.starts(with: prefix), trimmed[idEnd] == UInt8(ascii: "_") else {
            return nil
        }
        let id = String(decoding: trimmed[prefix.count..<idEnd], as: UTF8.self)
        guard (try? TokenRecord.validateID(id)) != nil,
              let secret = Hex.decode(String(decoding: trimmed[(idEnd + 1)...], as: UTF8.self)) else { return nil }
        self.init(id: id, secret: secret)
    }

    /// Without leading and trailing spaces, tabs and line ends (a token file ends in one).
    private static func trimmingWhitespace(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }

    /// What the holder presents: `cst_<id>_<secret hex>`. Never log it.
    public var text: String { Self.prefix + id + "_" + Hex.encode(secret) }

    /// SHA-256 of the secret bytes: what the registry stores and compares.
    public var hash: [UInt8] { SHA256.hash(secret) }

    /// Whether `record` is this token's (same id, same secret hash, compared in constant time).
    public func matches(_ record: TokenRecord) -> Bool {
        record.id == id && ConstantTime.equals(hash, record.secretHash)
    }

    /// Never the secret: a token that ends up in a log line shows only its id.
    public var description: String { "\(Self.prefix)\(id)_(secret hidden)" }
}
