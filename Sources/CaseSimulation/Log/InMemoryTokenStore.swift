import CaseCore
import CaseReplication

/// The simulator's `AuthorityStore`: a node's token registry, durable across its crashes
/// as a real node's `api_tokens` table is.
public final class InMemoryTokenStore: AuthorityStore {
    public private(set) var tokens = TokenSet()

    public init() {}

    /// Stores a record decided at this node (an admin's create or revoke); returns what changed.
    @discardableResult
    func storeLocally(_ record: TokenRecord) throws -> [TokenRecord] {
        try tokens.merge([record]).changed
    }

    /// Merges records the node's core checked (`TokenAuthority`), as the real registry does.
    public func store(_ records: [TokenRecord], from sender: String) throws -> [TokenRecord] {
        try tokens.merge(records).changed
    }
}
