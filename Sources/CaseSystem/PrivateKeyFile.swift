import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file holding a secret (a node key, the cluster root key): created with mode
/// 0600 and only if absent, read only when no one but its owner has access
/// (`PrivateFilePermissions`, whose refusal names the `chmod` that fixes it).
///
/// Why the mode check on reading: a key anyone on the machine can read gives anyone
/// on the machine the key's authority.
public enum PrivateKeyFile {
    /// Largest key file read. Why 64 KiB: a key with generous comments is under 1 KB;
    /// anything larger is not a key file, and is refused before it is read.
    public static let maxFileBytes = 64 * 1024

    /// The text of the key file at `path`, after checking it is a regular file only its
    /// owner has access to, of at most `maxFileBytes`. `what` names the file in errors.
    public static func read(_ path: String, what: String) throws(KeyFileError) -> String {
        do {
            try PrivateFilePermissions.check(path: path, kind: .file)
        } catch {
            throw KeyFileError("\(what): \(error)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw KeyFileError("\(what): cannot read \(path)") }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw KeyFileError("\(what): cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= maxFileBytes else { throw KeyFileError("\(what): \(path) is larger than \(maxFileBytes) bytes; it is not a key file") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `text` to a new file at `path` with mode 0600 and syncs it; refuses to
    /// overwrite (O_EXCL: a key another process just made, or an operator's key, is
    /// never replaced). A failed write removes the partial file.
    public static func create(_ path: String, text: String, what: String) throws(KeyFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw KeyFileError("\(what): cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        // A short write of a few hundred bytes to a fresh local file does not
        // happen in practice; treat it as the failure it would be. No chmod
        // afterwards: the mode given to open(2) is the file's from its first
        // moment, and a umask can only take bits away from it.
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw KeyFileError("\(what): cannot write \(path): \(reason)")
        }
    }
}

/// Why a key file could not be read or written; the message says what to do.
public struct KeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
