import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one rule for files and directories that hold secrets or citizens' personal data
/// (the data directory, the backup directory, key files: the cluster key, a node key, the
/// cluster root key casectl reads): nobody but their owner may read, write or enter them.
/// A node (or casectl) refuses them otherwise, and says which `chmod` fixes it.
///
/// Why refuse rather than fix: a key another user could read may already have been
/// copied, and a data directory others could enter may already have been read; the
/// operator has to know, and perhaps rotate the key, before the node goes on.
public enum PrivateFilePermissions {
    /// What the path must be.
    public enum Kind: Sendable {
        case directory
        case file

        /// The mode the advice sets: owner-only, with `x` for a directory so it can be entered.
        var advisedMode: String {
            switch self {
            case .directory: "700"
            case .file: "600"
            }
        }

        var noun: String {
            switch self {
            case .directory: "a directory"
            case .file: "a regular file"
            }
        }
    }

    /// Permission bits for group and others: any of them set is refused.
    public static let groupAndOtherBits: mode_t = 0o077

    /// Why `path` may not be used as `kind` with permissions `mode`, with the command that
    /// fixes it; nil when only its owner has access. `path` should be absolute, so the
    /// advice works from any directory.
    public static func refusal(path: String, mode: mode_t, kind: Kind) -> String? {
        guard mode & groupAndOtherBits != 0 else { return nil }
        let permissions = String(mode & 0o777, radix: 8)
        return "\(path) has permissions \(permissions): group or others have access, and it must be accessible "
            + "by its owner only; run 'chmod \(kind.advisedMode) \(shellQuoted(path))'"
    }

    /// Checks that `path` exists, is `kind` (a symbolic link counts as what it points to),
    /// and only its owner has access.
    public static func check(path: String, kind: Kind) throws(PrivateFileError) {
        let absolute = absolutePath(path)
        var status = stat()
        guard stat(absolute, &status) == 0 else {
            throw .unreadable(path: absolute, reason: String(cString: strerror(errno)))
        }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        let matches = kind == .directory ? isDirectory : status.st_mode & S_IFMT == S_IFREG
        guard matches else { throw .wrongKind(path: absolute, expected: kind) }
        if let refusal = refusal(path: absolute, mode: status.st_mode, kind: kind) {
            throw .exposed(message: refusal)
        }
    }

    /// `path` resolved against the working directory, so the advice names the same file
    /// wherever the operator types it.
    public static func absolutePath(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    /// `text` as one shell word: bare when it holds only characters no shell treats
    /// specially, else in single quotes (a quote inside written as '\'').
    public static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+,:@%".unicodeScalars.contains(scalar))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Why `PrivateFilePermissions.check` refused a path.
public enum PrivateFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path cannot be examined (missing, or a directory on the way cannot be entered).
    case unreadable(path: String, reason: String)
    /// The path is not what it should be (a file where a directory belongs, a FIFO...).
    case wrongKind(path: String, expected: PrivateFilePermissions.Kind)
    /// Group or others have access; the message names the `chmod` that fixes it.
    case exposed(message: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .wrongKind(let path, let expected): "\(path) is not \(expected.noun)"
        case .exposed(let message): message
        }
    }
}
