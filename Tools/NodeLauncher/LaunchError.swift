/// A casenode could not be found, started or told where to find its key: what went
/// wrong, with the node's own words (its standard error) where it said any.
public struct LaunchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
