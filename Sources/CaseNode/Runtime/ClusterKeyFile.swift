import CaseSystem
import CaseWire
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file holding this node's cluster keys (`ClusterKeyRing`): one key of
/// 64 hex digits per line, the first used to open connections, the others
/// still accepted (a rotation, docs/security-peers.md).
///
/// Refused unless only its owner has access (`PrivateFilePermissions`: 0600 or
/// 0400, no bit for group or others): a key anyone on the machine can read
/// admits anyone on the machine to the cluster and lets them read its traffic.
public enum ClusterKeyFile {
    /// The key file a node uses when none is configured, in its data directory.
    public static let defaultFileName = "cluster.key"
    /// The keys a node with `configuration` runs with: from `clusterKeyPath`
    /// when set (which must exist), else from `<data>/cluster.key`, which is
    /// created with a fresh random key on first start. `created` says whether
    /// it was, so the caller can tell the operator.
    public static func load(for configuration: NodeConfiguration) throws(ConfigurationError) -> (keyRing: ClusterKeyRing, path: String, created: Bool) {
        if let path = configuration.clusterKeyPath {
            return (try read(path), path, false)
        }
        let path = (configuration.dataDirectory as NSString).appendingPathComponent(defaultFileName)
        if FileManager.default.fileExists(atPath: path) {
            return (try read(path), path, false)
        }
        return (try create(path), path, true)
    }

    /// The keys in the file at `path`, after checking it is a regular file
    /// only its owner can access (`PrivateFilePermissions`), of at most
    /// `ClusterKeyRing.maxFileBytes`.
    public static func read(_ path: String) throws(ConfigurationError) -> ClusterKeyRing {
        do {
            try PrivateFilePermissions.check(path: path, kind: .file)
        } catch .unreadable(let path, let reason) {
            throw ConfigurationError("cluster-key: cannot read \(path): \(reason); "
                                     + "give every node of the cluster the same key file (see docs/security-peers.md)")
        } catch {
            throw ConfigurationError("cluster-key: \(error)")
        }
        let text = try contents(of: path)
        do {
            return try ClusterKeyRing(parsing: text)
        } catch {
            throw ConfigurationError("cluster-key: \(path): \(error)")
        }
    }

    /// Writes a fresh random key to `path`, created with mode 0600 and only
    /// if absent (O_EXCL: never overwrites a key another process just made),
    /// synced: a key lost to a power cut would leave an empty file the node refuses.
    public static func create(_ path: String) throws(ConfigurationError) -> ClusterKeyRing {
        let keyRing = ClusterKeyRing([ClusterKey.generate()])
        let text = "# casestore cluster key: copy this file (mode 0600) to every node of the cluster; see docs/security-peers.md\n"
            + keyRing.fileText
        do {
            try PrivateKeyFile.create(path, text: text, what: "cluster-key")
        } catch {
            throw ConfigurationError(error.message)
        }
        return keyRing
    }

    /// The file's text, refusing one larger than a key file can be before reading it all.
    private static func contents(of path: String) throws(ConfigurationError) -> String {
        do {
            return try PrivateKeyFile.read(path, what: "cluster-key")
        } catch {
            throw ConfigurationError(error.message)
        }
    }
}
