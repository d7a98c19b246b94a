/// Data read back from the database that this build could not have written:
/// a damaged file or a bug. Never papered over: the caller refuses to serve it.
public struct StoreCorruption: Error, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "database content is damaged: \(message)" }
}
