import CaseSupport
import CaseSystem
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The node's directories, made or checked before anything in them is opened: the data
/// directory and the backup directory hold citizens' personal data, so both must be
/// owner-only (`PrivateFilePermissions`); a node refuses to start otherwise.
enum DataDirectory {
    /// The database and the files SQLite keeps beside it in WAL mode.
    static let databaseFileSuffixes = ["", "-wal", "-shm"]

    /// Makes (0700) or checks the data and backup directories, and makes the database files
    /// owner-only where an earlier release left them readable by others.
    static func prepare(_ configuration: NodeConfiguration, logger: Logger) throws(ConfigurationError) {
        try makePrivate(
            configuration.dataDirectory, setting: "data",
            why: "it holds citizens' personal data; once it is owner-only, the node makes its database files owner-only too")
        try restrictDatabaseFiles(at: configuration.databasePath, logger: logger)
        try makePrivate(configuration.backupDirectoryPath, setting: "backup-dir", why: "backups hold citizens' personal data")
    }

    /// Creates `path` (and any missing parents) owner-only, or checks the one there;
    /// `why`, which ends a refusal, says what is at stake.
    static func makePrivate(_ path: String, setting: String, why: String) throws(ConfigurationError) {
        if !FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ConfigurationError("\(setting): cannot create \(path): \(error.localizedDescription)")
            }
        }
        do {
            try PrivateFilePermissions.check(path: path, kind: .directory)
        } catch .exposed(let message) {
            throw ConfigurationError("\(setting): \(message) (\(why); see docs/files-and-logs.md)")
        } catch {
            throw ConfigurationError("\(setting): \(error)")
        }
    }

    /// Earlier releases left the database files at 0644 (SQLite's default under the usual
    /// umask). Inside an owner-only directory nobody else could ever open them, so making
    /// them 0600 takes nothing from anyone and reveals nothing; it keeps them private
    /// when the directory is copied with its modes (tar, rsync -a, cp -a), and SQLite
    /// gives a new -wal or -shm file the database file's mode.
    static func restrictDatabaseFiles(at databasePath: String, logger: Logger) throws(ConfigurationError) {
        for path in databaseFileSuffixes.map({ databasePath + $0 }) {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                  status.st_mode & PrivateFilePermissions.groupAndOtherBits != 0 else { continue }
            guard chmod(path, 0o600) == 0 else {
                throw ConfigurationError(
                    "data: cannot make \(path) owner-only: \(String(cString: strerror(errno))); "
                        + "run 'chmod 600 \(PrivateFilePermissions.shellQuoted(path))'")
            }
            logger.warning(
                "made a database file owner-only (an earlier release created it readable by others)",
                .safe("file", path), .safe("was", String(status.st_mode & 0o777, radix: 8)))
        }
    }
}
