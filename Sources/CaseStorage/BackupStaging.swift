import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a backup is built before it appears at its destination: a private (0700) directory
/// beside the destination.
///
/// Why not write at the destination directly: the destination path then never holds a
/// partial copy, nor a copy that still carries the source node's identity (both could be
/// mistaken for a finished backup), and citizens' personal data is never readable by other
/// users of the machine while it is being written.
struct BackupStaging {
    /// The path the finished copy gets.
    let destination: String
    /// The private directory the copy is built in.
    let directory: String

    /// Files SQLite reads together with a database: a stale journal or WAL beside the
    /// destination would be replayed into the copy the first time it is opened.
    static let companionSuffixes = ["", "-wal", "-shm", "-journal"]

    /// The copy while it is being built.
    var stagedPath: String { (directory as NSString).appendingPathComponent("copy.sqlite") }

    /// Checks the destination (its directory exists, nothing is there yet) and creates the
    /// staging directory beside it.
    static func prepare(destination: String) throws -> BackupStaging {
        let parent = (destination as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw CaseStoreBackupError.directoryMissing(path: parent)
        }
        guard access(parent.isEmpty ? "." : parent, W_OK | X_OK) == 0 else {
            throw CaseStoreBackupError.directoryNotWritable(path: parent)
        }
        try refuseExisting(destination)
        let name = (destination as NSString).lastPathComponent
        let directory = (parent as NSString).appendingPathComponent(".\(name).partial-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CaseStoreBackupError.cannotPublish(path: destination, reason: "cannot create \(directory): \(error.localizedDescription)")
        }
        return BackupStaging(destination: destination, directory: directory)
    }

    /// Throws `destinationExists` when the destination or one of its companion files exists.
    static func refuseExisting(_ destination: String) throws {
        for suffix in companionSuffixes where FileManager.default.fileExists(atPath: destination + suffix) {
            throw CaseStoreBackupError.destinationExists(path: destination + suffix)
        }
    }

    /// Gives the finished copy owner-only permissions and puts it at the destination without
    /// ever replacing a file there, makes the new name durable, and removes the staging directory.
    func publish() throws {
        guard chmod(stagedPath, 0o600) == 0 else {
            throw CaseStoreBackupError.cannotPublish(path: destination, reason: "chmod: \(String(cString: strerror(errno)))")
        }
        try Self.refuseExisting(destination)
        // link(2) fails with EEXIST instead of replacing: no window in which a file created
        // meanwhile could be overwritten. Filesystems without hard links get rename(2) after
        // the check above.
        if link(stagedPath, destination) != 0 {
            let linkError = errno
            if linkError == EEXIST { throw CaseStoreBackupError.destinationExists(path: destination) }
            guard rename(stagedPath, destination) == 0 else {
                throw CaseStoreBackupError.cannotPublish(
                    path: destination, reason: "link: \(String(cString: strerror(linkError))); rename: \(String(cString: strerror(errno)))")
            }
        }
        syncDirectory((destination as NSString).deletingLastPathComponent)
        discard()
    }

    /// Removes the staging directory and whatever is in it.
    func discard() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// fsync on the directory makes the new directory entry survive a power cut; failing to
    /// sync it is not worth failing a verified backup for (the file itself is synced).
    private func syncDirectory(_ path: String) {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
