/// Why the harness itself could not do its job (not a finding about the cluster).
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
