import Foundation
import CaseSupport

/// The embedded default run stays easy: a node that starts with an empty token registry
/// creates an admin token named `admin@<node id>` and writes it to `<data>/admin.token`
/// (owner-only, 0600), where casectl run in the same folder finds it.
enum AdminTokenBootstrap {
    static let fileName = "admin.token"

    static func path(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent(fileName)
    }

    /// Creates the first admin token when the registry is empty; logs where it is, never the
    /// secret. With tokens already present (a restart, or tokens learnt from peers) it does nothing.
    static func run(registry: TokenRegistry, nodeID: String, dataDirectory: String, nowMs: Int64, logger: Logger) throws {
        guard registry.isEmpty else { return }
        let (record, secret) = try registry.create(name: "admin@\(nodeID)", role: .admin, centre: nil, nowMs: nowMs)
        let path = path(dataDirectory: dataDirectory)
        try writePrivately(Array((secret.text + "\n").utf8), to: path)
        logger.warning(
            "created the first admin token; its secret is in the file named here (owner-only). Keep it safe, or revoke it with 'casectl token revoke' once you have your own",
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
