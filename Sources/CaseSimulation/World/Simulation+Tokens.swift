import CaseCore

/// Simulated admins managing API tokens: each create or revoke is stored at one node and
/// spread by the replication core, as at a real node.
extension Simulation {
    /// An admin at `nodeID` creates a token there; returns its record.
    @discardableResult
    public func createToken(at nodeID: String, role: TokenRole = .monitor) throws -> TokenRecord {
        let node = node(nodeID)
        precondition(node.isUp, "an admin works at a node that is up")
        // Made as a real node makes one, from the clerks' seeded stream instead of the system's.
        let secret = TokenSecret.generate(using: { count in (0..<count).map { _ in UInt8.random(in: 0...255, using: &clerkRandom) } })
        let record = TokenRecord(
            id: secret.id, name: "Cán bộ \(nodeID)", role: role, centre: nil, createdAtMs: node.wallClockMs(atSimulatedMs: nowMs),
            secretHash: secret.hash)
        try storeToken(record, at: node)
        return record
    }

    /// An admin at `nodeID` revokes the token `id` as that node knows it; nil if it knows none.
    @discardableResult
    public func revokeToken(_ id: String, at nodeID: String) throws -> TokenRecord? {
        let node = node(nodeID)
        precondition(node.isUp, "an admin works at a node that is up")
        guard var record = node.tokens.tokens[id] else { return nil }
        guard !record.isRevoked else { return record }
        record.revokedAtMs = node.wallClockMs(atSimulatedMs: nowMs)
        try storeToken(record, at: node)
        return node.tokens.tokens[id]
    }

    /// Stores the record at its node, then hands it to replication (stored before it is sent).
    private func storeToken(_ record: TokenRecord, at node: SimulatedNode) throws {
        try node.tokens.storeLocally(record)
        trace.mix("token \(record.id) \(record.isRevoked ? "revoked" : "created") at \(node.id)")
        dispatch(node.handle(.localTokens([record]), nowMs: nowMs), from: node)
    }

    /// A random admin operation on tokens: creating one, or revoking one the node knows.
    func performRandomTokenOperation(at node: SimulatedNode) throws {
        let known = node.tokens.tokens.sorted.filter { !$0.isRevoked }
        if let token = known.randomElement(using: &clerkRandom), Bool.random(using: &clerkRandom) {
            try revokeToken(token.id, at: node.id)
        } else {
            try createToken(at: node.id)
        }
    }
}
