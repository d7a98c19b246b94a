import CaseCore
/// The replication core's port to a node's durable authority records (the API token
/// registry today): the registry in the node's database, an in-memory one in the simulator.
public protocol AuthorityStore: AnyObject {
    /// Merges `records` learnt from the peer `sender` with those held, durably and all or
    /// nothing, and returns the records that changed.
    func store(_ records: [TokenRecord], from sender: String) throws -> [TokenRecord]
}
