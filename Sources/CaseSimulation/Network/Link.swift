/// A directed link between two nodes: cutting `a → b` loses what `a` sends
/// to `b` while `b → a` may still work (a one-way partition).
public struct Link: Hashable, Sendable, CustomStringConvertible {
    /// The sending node's id.
    public let from: String
    /// The receiving node's id.
    public let to: String

    /// The link over which `from` sends to `to`.
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public var description: String { "\(from)→\(to)" }
}
