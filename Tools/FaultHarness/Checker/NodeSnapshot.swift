/// What one node holds after the heal, as the checker needs it.
public struct NodeSnapshot: Equatable, Sendable {
    /// One dossier: the token of the filing that made it and the step tokens in its history.
    public struct Dossier: Equatable, Sendable {
        public var filingToken: String?
        public var stepTokens: Set<String>

        public init(filingToken: String?, stepTokens: Set<String>) {
            self.filingToken = filingToken
            self.stepTokens = stepTokens
        }
    }

    public var node: String
    public var digest: String?
    public var dossiers: [String: Dossier]
    /// Why the node could not be read completely, if it could not.
    public var readError: String?

    public init(node: String, digest: String?, dossiers: [String: Dossier], readError: String? = nil) {
        self.node = node
        self.digest = digest
        self.dossiers = dossiers
        self.readError = readError
    }
}
