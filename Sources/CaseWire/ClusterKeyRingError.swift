import CaseCore
import CaseReplication
/// Why the text of a cluster key file was refused. The message names the
/// line and what was wrong with it but never quotes the line: it may be a
/// key with one digit mistyped, which is still nearly all of a secret.
public struct ClusterKeyRingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
