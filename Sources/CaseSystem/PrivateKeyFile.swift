import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file holding a secret (a node key, the cluster root key): created with mode
/// 0600 and only if absent, read only when no one but its owner can read it.
///
/// Why the mode check on reading: a key anyone on the machine can read gives anyone
/// on the machine the key's authority. The refusal names the `chmod` that fixes it.
public enum PrivateKeyFile {
    /// Largest key file read. Why 64 KiB: a key with generous comments is under 1 KB;
    /// anything larger is not a key file, and is refused before it is read.
    public static let maxFileBytes = 64 * 1024
    /// The only modes accepted: read-write or read-only, for the owner alone.
    static let acceptedModes: Set<mode_t> = [0o600, 0o400]

    /// The text of the key file at `path`, after checking it is a regular file only its
    /// owner can read, of at most `maxFileBytes`. `what` names the file in errors.
    public static func read(_ path: String, what: String) throws(KeyFileError) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw KeyFileError("\(what): cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw KeyFileError("\(what): \(path) is not a regular file") }
        let mode = status.st_mode & 0o777
        guard acceptedModes.contains(mode) else {
            throw KeyFileError("\(what): \(path) has permissions \(String(mode, radix: 8)): a key must be readable by its owner only "
                               + "(0600 or 0400); run 'chmod 600 \(path)'")
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
        // happen in practice; treat it as the failure it would be.
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
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
