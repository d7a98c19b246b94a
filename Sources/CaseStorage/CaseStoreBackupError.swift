/// Why `CaseStore.backup(to:pagesPerStep:progress:)` made no copy. (SQLite failures, such as a
/// full disk, are thrown as they are.) Whatever the reason, nothing is left at the destination.
public enum CaseStoreBackupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The destination, or a journal file SQLite would read with it, already exists.
    case destinationExists(path: String)
    /// The directory the copy should go into does not exist or is not a directory.
    case directoryMissing(path: String)
    /// The directory exists but this process may not create files in it.
    case directoryNotWritable(path: String)
    /// The copy was made but did not check out; it was deleted.
    case verificationFailed(reason: String)
    /// The finished copy could not be put at the destination.
    case cannotPublish(path: String, reason: String)

    public var description: String {
        switch self {
        case .destinationExists(let path):
            return "\(path) already exists; a backup never overwrites a file: choose a new file name"
        case .directoryMissing(let path):
            return "the directory \(path) does not exist on the node's machine; create it first or choose another"
        case .directoryNotWritable(let path):
            return "the node's process may not create files in \(path); choose a directory it can write to"
        case .verificationFailed(let reason):
            return "the copy did not verify and was deleted: \(reason)"
        case .cannotPublish(let path, let reason):
            return "the verified copy could not be put at \(path): \(reason); nothing was left there"
        }
    }
}
