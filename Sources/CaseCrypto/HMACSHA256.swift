/// HMAC-SHA256 (RFC 2104, FIPS 198-1), one-shot or streaming.
///
/// The peer handshake proves knowledge of the cluster key with HMACs over
/// nonces, and HKDF builds session keys from it.
public struct HMACSHA256: Sendable {
    /// Bytes in an authentication code.
    public static let authenticationCodeByteCount = SHA256.digestByteCount

    /// The inner hash, already fed the key XOR ipad.
    private var inner: SHA256
    /// The outer hash, already fed the key XOR opad; it receives the inner
    /// digest when finalising.
    private let outer: SHA256

    /// A MAC keyed with `key`. Keys longer than a SHA-256 block are hashed
    /// first (RFC 2104 §2); any length is accepted, though keys shorter than
    /// 32 bytes weaken the MAC.
    public init(key: [UInt8]) {
        var blockKey = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
        blockKey.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - blockKey.count))
        var inner = SHA256()
        inner.update(blockKey.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(blockKey.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// The inner and outer chaining values after the key's pad blocks: a 32-byte message's
    /// HMAC is then one block for each (`PBKDF2HMACSHA256`). Only before any message byte.
    var keyedChainingValues: (inner: SHA256ChainingValue, outer: SHA256ChainingValue) {
        (inner.chainingValueAtBlockBoundary, outer.chainingValueAtBlockBoundary)
    }

    /// Feeds message bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    /// Feeds message bytes.
    public mutating func update(_ bytes: [UInt8]) {
        inner.update(bytes)
    }

    /// Feeds message bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    /// The 32-byte authentication code of everything fed so far. The MAC is
    /// spent afterwards; copy it first to reuse the keyed state.
    public mutating func finalize() -> [UInt8] {
        var outer = self.outer
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Whether `code` is the HMAC-SHA256 of `message` under `key`, compared
    /// in constant time; use this, never `==`, to check a peer's proof.
    public static func isValidAuthenticationCode(_ code: [UInt8], key: [UInt8], message: [UInt8]) -> Bool {
        ConstantTime.equals(authenticationCode(key: key, message: message), code)
    }
}
