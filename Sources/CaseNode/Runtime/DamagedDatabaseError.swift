/// The node's database failed its start-up check: the node refuses to serve it and
/// says how to rebuild it from its peers.
public struct DamagedDatabaseError: Error, CustomStringConvertible, Sendable {
    /// The database file.
    public let path: String
    /// What SQLite found (the first lines of `PRAGMA quick_check`, or the error it raised).
    public let detail: String

    public init(path: String, detail: String) {
        self.path = path
        self.detail = detail
    }

    public var description: String {
        "the database \(path) is damaged (\(detail)); this node will not serve or replicate it. "
            + "To rebuild it from the cluster, start the node again with the same --id and --data plus --rebuild --join HOST:PORT "
            + "(a live member's peer address): the damaged file is kept, renamed \(path).damaged-TIME, and the node catches up "
            + "from its peers, its own earlier filings included, before it accepts new ones"
    }
}
