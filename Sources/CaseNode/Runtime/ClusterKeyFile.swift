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
/// Refused unless only its owner can read it (mode 0600 or 0400): a key
/// anyone on the machine can read admits anyone on the machine to the
/// cluster and lets them read its traffic.
public enum ClusterKeyFile {
    /// The key file a node uses when none is configured, in its data directory.
    public static let defaultFileName = "cluster.key"
    /// The only modes accepted: read-write or read-only, for the owner alone.
    static let acceptedModes: Set<mode_t> = [0o600, 0o400]

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
    /// only its owner can read, of at most `ClusterKeyRing.maxFileBytes`.
    public static func read(_ path: String) throws(ConfigurationError) -> ClusterKeyRing {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ConfigurationError("cluster-key: cannot read \(path): \(String(cString: strerror(errno))); "
                                     + "give every node of the cluster the same key file (see docs/security-peers.md)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ConfigurationError("cluster-key: \(path) is not a regular file")
        }
        let mode = status.st_mode & 0o777
        guard acceptedModes.contains(mode) else {
            throw ConfigurationError(
                "cluster-key: \(path) has permissions \(String(mode, radix: 8)): a cluster key must be readable by its owner only "
                    + "(0600 or 0400); run 'chmod 600 \(path)'")
        }
        let text = try contents(of: path)
        do {
            return try ClusterKeyRing(parsing: text)
        } catch {
            throw ConfigurationError("cluster-key: \(path): \(error)")
        }
    }

    /// Writes a fresh random key to `path`, created with mode 0600 and only
    /// if absent (O_EXCL: never overwrites a key another process just made).
    public static func create(_ path: String) throws(ConfigurationError) -> ClusterKeyRing {
        let keyRing = ClusterKeyRing([ClusterKey.generate()])
        let text = "# casestore cluster key: copy this file (mode 0600) to every node of the cluster; see docs/security-peers.md\n"
            + keyRing.fileText
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("cluster-key: cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        // A short write of a few hundred bytes to a fresh local file does not
        // happen in practice; treat it as the failure it would be.
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fchmod(descriptor, 0o600) == 0 else {
            unlink(path)
            throw ConfigurationError("cluster-key: cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return keyRing
    }

    /// The file's text, refusing one larger than a key file can be before reading it all.
    private static func contents(of path: String) throws(ConfigurationError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError("cluster-key: cannot read \(path)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: ClusterKeyRing.maxFileBytes + 1) ?? Data()
        } catch {
            throw ConfigurationError("cluster-key: cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= ClusterKeyRing.maxFileBytes else {
            throw ConfigurationError("cluster-key: \(path) is larger than \(ClusterKeyRing.maxFileBytes) bytes; it is not a cluster key file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
