import CaseCrypto
import CaseSupport

/// What is stored and replicated of a lookup PIN: PBKDF2-HMAC-SHA256 of the PIN under a
/// per-dossier random salt, spelled `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>` so a
/// later version can change the scheme or the cost and still read these.
///
/// What it protects and what not (docs/lookup.md): six digits are 10^6 candidates, so
/// anyone holding a copy of the database finds a dossier's PIN by trying them all; the salt
/// makes that a separate search per dossier and the iterations make each search take CPU
/// time. The online defence is the rate limit (`LookupAttemptLimiter`).
public struct LookupPinHash: Sendable, Hashable {
    public static let scheme = "pbkdf2-sha256"
    /// The payload field that carries the encoded hash: in a filing, and in the `note` step
    /// that re-issues a PIN. Nodes of earlier versions ignore it (docs/lookup.md).
    public static let payloadKey = "lookupPinHash"
    /// Iterations of new hashes. Why 2,000: one hash takes about 0.9 ms of a core
    /// (`casebench apply`), which bounds what a flood of lookups costs the node while making an
    /// offline search of all 10^6 PINs of one dossier about 15 CPU-minutes with this code (far
    /// less with code using the CPU's SHA instructions, or a GPU: see docs/lookup.md).
    public static let defaultIterations = 2_000
    /// Most iterations a stored hash may ask for: bounds the cost of one check (about 9 ms
    /// here) whatever a peer sent. A hash outside 1…this is not a hash: no PIN.
    public static let maxIterations = 20_000
    public static let saltByteCount = 16
    public static let hashByteCount = 32
    /// Longest encoded form read: the scheme, a 5-digit count, 64-byte salt, 32-byte hash.
    static let maxEncodedLength = 256

    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// The hash of `pin` under a fresh salt from `randomBytes` (a secure random source).
    public static func make(_ pin: LookupPin, using randomBytes: (Int) -> [UInt8]) -> LookupPinHash {
        let salt = randomBytes(saltByteCount)
        precondition(salt.count == saltByteCount, "the random source gave \(salt.count) bytes for \(saltByteCount)")
        return LookupPinHash(pin: pin, salt: salt, iterations: defaultIterations)
    }

    init(pin: LookupPin, salt: [UInt8], iterations: Int) {
        self.iterations = iterations
        self.salt = salt
        self.hash = Self.derive(pin, salt: salt, iterations: iterations)
    }

    /// A stored hash, or nil when `encoded` is not one this version can check (another
    /// scheme, a cost out of bounds, a malformed part): the dossier then has no usable PIN.
    public init?(encoded: String) {
        guard encoded.utf8.count <= Self.maxEncodedLength else { return nil }
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme,
              parts[1].utf8.count <= 5, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let iterations = Int(parts[1]), (1...Self.maxIterations).contains(iterations),
              let salt = Hex.decode(String(parts[2])), (8...64).contains(salt.count),
              let hash = Hex.decode(String(parts[3])), hash.count == Self.hashByteCount else { return nil }
        self.init(iterations: iterations, salt: salt, hash: hash)
    }

    public var encoded: String {
        "\(Self.scheme)$\(iterations)$\(Hex.encode(salt))$\(Hex.encode(hash))"
    }

    /// Whether `pin` is the PIN hashed here, compared in constant time.
    public func verifies(_ pin: LookupPin) -> Bool {
        ConstantTime.equals(Self.derive(pin, salt: salt, iterations: iterations), hash)
    }

    /// Checked against for an unknown code or a dossier without a PIN, so those answers take
    /// as long as a wrong PIN's. Its hash is all zeros, which no PIN is known to give; the
    /// caller still answers "not found" whatever the check says.
    public static let decoy = LookupPinHash(
        iterations: defaultIterations, salt: Array(repeating: 0, count: saltByteCount), hash: Array(repeating: 0, count: hashByteCount))

    private init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    private static func derive(_ pin: LookupPin, salt: [UInt8], iterations: Int) -> [UInt8] {
        PBKDF2HMACSHA256.deriveKey(password: Array(pin.text.utf8), salt: salt, iterations: iterations, byteCount: hashByteCount)
    }
}

extension LookupPinHash {
    /// The hash a filing or step payload carries, nil when it carries none this version reads.
    public init?(payload: JSONValue) {
        guard let reader = try? JSONObjectReader(payload) else { return nil }
        self.init(payload: reader)
    }

    /// `init(payload:)` from the payload's reader: a member that is not a string is no PIN.
    public init?(payload reader: JSONObjectReader) {
        guard let text = reader.member(Self.payloadKey)?.stringValue, let hash = LookupPinHash(encoded: text) else { return nil }
        self = hash
    }
}
