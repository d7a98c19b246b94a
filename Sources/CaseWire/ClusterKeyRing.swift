import CaseSupport
import CaseCore
import CaseReplication
import CaseCrypto
/// The cluster keys one node holds, in the order of its key file: the first
/// opens every connection this node makes; all of them are accepted from
/// peers. Holding two for a while lets a cluster rotate its key with rolling
/// restarts and no downtime (docs/security-peers.md).
public struct ClusterKeyRing: Equatable, Sendable, CustomStringConvertible {
    /// Most keys in one file. Why 8: a rotation needs two at once; eight
    /// leaves room for overlapping rotations while keeping lookups trivial.
    public static let maxKeyCount = 8
    /// Longest key file, in bytes. Why 64 KiB: eight keys with generous
    /// comments take a few KB; a larger file is not a key file.
    public static let maxFileBytes = 64 * 1024

    /// Every key, the one this node opens connections with first.
    public let keys: [ClusterKey]

    /// A ring of `keys`, the first used to open connections. Traps when
    /// empty, too long, or repeating a key: files go through `init(parsing:)`.
    public init(_ keys: [ClusterKey]) {
        precondition(!keys.isEmpty && keys.count <= Self.maxKeyCount, "a key ring holds 1...\(Self.maxKeyCount) keys")
        precondition(Set(keys.map(\.id)).count == keys.count, "a key ring must not repeat a key")
        self.keys = keys
    }

    /// The keys in a key file's text: one 64-hex-digit key per line, blank
    /// lines and `#` comments (whole-line or after a key) ignored, the first
    /// key first; "\r\n" line ends are fine (a file edited on Windows). Throws naming the line for anything else.
    public init(parsing text: String) throws(ClusterKeyRingError) {
        guard text.utf8.count <= Self.maxFileBytes else {
            throw ClusterKeyRingError("the key file is larger than \(Self.maxFileBytes) bytes; it is not a cluster key file")
        }
        var keys: [ClusterKey] = []
        for (line, digits) in KeyFileLines.values(in: text) {
            let key = try Self.key(digits, line: line)
            try Self.check(key, joining: keys, line: line)
            keys.append(key)
        }
        guard !keys.isEmpty else {
            throw ClusterKeyRingError("the key file holds no key: put one key of \(ClusterKey.hexDigitCount) hexadecimal digits on its first line")
        }
        self.keys = keys
    }

    /// The key this node opens connections with.
    public var primary: ClusterKey { keys[0] }

    /// The key named `id`, or nil when this node does not hold it.
    public func key(for id: ClusterKeyID) -> ClusterKey? {
        keys.first { $0.id == id }
    }

    /// The key file's text for these keys, one per line.
    public var fileText: String { keys.map { $0.hexLine + "\n" }.joined() }

    /// Ids only: never the secrets.
    public var description: String { "cluster keys " + keys.map(\.id.description).joined(separator: ", ") }

    /// The key spelled on line `number`.
    private static func key(_ digits: Substring, line number: Int) throws(ClusterKeyRingError) -> ClusterKey {
        guard digits.utf8.count == ClusterKey.hexDigitCount else {
            throw ClusterKeyRingError(
                "line \(number): a key is \(ClusterKey.hexDigitCount) hexadecimal digits (32 bytes), this line has \(digits.utf8.count) characters")
        }
        guard let bytes = Hex.decode(String(digits)) else {
            throw ClusterKeyRingError("line \(number): a key may contain only the hexadecimal digits 0-9 and a-f")
        }
        return ClusterKey(bytes: bytes)
    }

    private static func check(_ key: ClusterKey, joining keys: [ClusterKey], line: Int) throws(ClusterKeyRingError) {
        guard keys.count < maxKeyCount else {
            throw ClusterKeyRingError("line \(line): a key file holds at most \(maxKeyCount) keys")
        }
        if keys.contains(where: { $0.id == key.id }) {
            throw ClusterKeyRingError("line \(line): repeats a key already in the file (key id \(key.id))")
        }
    }
}
