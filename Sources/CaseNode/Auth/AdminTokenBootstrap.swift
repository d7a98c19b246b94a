import Foundation
import CaseSupport

/// The embedded default run stays easy: a node writes its first admin token, named
/// `admin@<node id>`, to `<data>/admin.token` (owner-only, 0600), where casectl run in the
/// same folder finds it.
///
/// - Legacy mode (no root key): made when the registry is empty, an unsigned record that
///   replicates, so it works at every node, as before identities.
/// - Identity mode: made when the node has no local token yet, a local record that never
///   leaves the node (`TokenProvenance.local`): a node key cannot vouch for an admin token,
///   so a node's own file grants admin at that node only. Cluster-wide admin tokens are
///   signed by an admin key or the root (`casectl token create --signing-key`). An
///   `admin.token` left from legacy mode is kept as `admin.token.legacy`.
enum AdminTokenBootstrap {
    static let fileName = "admin.token"

    static func path(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent(fileName)
    }

    /// Creates the first admin token when the mode calls for one; logs where it is, never
    /// the secret. Otherwise (a restart, or tokens learnt from peers in legacy mode) it does nothing.
    static func run(registry: TokenRegistry, nodeID: String, dataDirectory: String, nowMs: Int64, logger: Logger) throws {
        let identityMode = registry.policy.trust != nil
        guard identityMode ? !registry.hasLocalToken : registry.isEmpty else { return }
        let name = "admin@\(nodeID)"
        let (record, secret) = identityMode
            ? try registry.createLocalAdmin(name: name, nowMs: nowMs)
            : try registry.create(name: name, role: .admin, centre: nil, nowMs: nowMs)
        let path = path(dataDirectory: dataDirectory)
        if identityMode, FileManager.default.fileExists(atPath: path), rename(path, path + ".legacy") != 0 {
            throw ConfigurationError("data: cannot keep the legacy admin token \(path) as \(path).legacy: \(String(cString: strerror(errno)))")
        }
        try writePrivately(Array((secret.text + "\n").utf8), to: path)
        logger.warning(
            identityMode
                ? "created this node's first admin token, valid at this node only; its secret is in the file named here (owner-only). Sign cluster-wide admin tokens with 'casectl token create --signing-key'"
                : "created the first admin token; its secret is in the file named here (owner-only). Keep it safe, or revoke it with 'casectl token revoke' once you have your own",
            .safe("token", record.id), .safe("name", record.name), .safe("file", path))
    }

    /// Writes `bytes` to a new file created with mode 0600 (never readable by others, not
    /// even for a moment), then renames it over `path`.
    static func writePrivately(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ConfigurationError("data: cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ConfigurationError("data: cannot write the admin token to \(path): \(reason)")
        }
    }
}
