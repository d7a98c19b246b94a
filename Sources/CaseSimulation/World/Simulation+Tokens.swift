import CaseCore

/// Simulated admins managing API tokens: each create or revoke is stored at one node and
/// spread by the replication core, as at a real node in identity mode. What may sign
/// what is decided by the node's own rule (`TokenAuthority`): a node signs its own
/// centre's clerk tokens and their revocations; the admin key (as casectl does) signs
/// monitor and admin tokens and any other revocation, and the node checks those as it
/// checks a record from a peer.
extension Simulation {
    /// An admin at `nodeID` creates a token there; returns its record.
    @discardableResult
    public func createToken(at nodeID: String, role: TokenRole = .monitor) throws -> TokenRecord {
        let node = node(nodeID)
        precondition(node.isUp, "an admin works at a node that is up")
        let createdAtMs = node.wallClockMs(atSimulatedMs: nowMs)
        // Made as a real node makes one, from the clerks' seeded stream instead of the system's.
        let random: (Int) -> [UInt8] = { count in (0..<count).map { _ in UInt8.random(in: 0...255, using: &self.clerkRandom) } }
        let record: TokenRecord
        if role == .clerk {
            try TokenAuthority.mayGrant(.clerk, centre: nodeID, by: .node(nodeID))
            record = node.issuer.grant(node.issuer.newSecret(using: random), name: "Cán bộ \(nodeID)", role: .clerk, centre: nodeID, createdAtMs: createdAtMs)
        } else {
            let admin = SimulatedIdentities.admin
            record = admin.grant(admin.newSecret(using: random), name: "Giám sát \(nodeID)", role: role, centre: nil, createdAtMs: createdAtMs)
            try TokenAuthority.check(record, held: nil, trust: SimulatedIdentities.trust, signatures: signatures)
        }
        try storeToken(record, at: node)
        return record
    }

    /// An admin at `nodeID` revokes the token `id` as that node knows it; nil if it knows none.
    @discardableResult
    public func revokeToken(_ id: String, at nodeID: String) throws -> TokenRecord? {
        let node = node(nodeID)
        precondition(node.isUp, "an admin works at a node that is up")
        guard let record = node.tokens.tokens[id], let issuer = record.issuer else { return nil }
        guard !record.isRevoked else { return record }
        let revokedAtMs = node.wallClockMs(atSimulatedMs: nowMs)
        let signer = issuer == node.issuer.key.publicKey ? node.issuer : SimulatedIdentities.admin
        guard let revoked = record.revoked(atMs: revokedAtMs, signature: signer.revocation(of: id, issuedBy: issuer, atMs: revokedAtMs)) else {
            return nil
        }
        try TokenAuthority.check(revoked, held: record, trust: SimulatedIdentities.trust, signatures: signatures)
        try storeToken(revoked, at: node)
        return node.tokens.tokens[revoked.key]
    }

    /// Stores the record at its node, then hands it to replication (stored before it is
    /// sent). Internal, not private: a test stores a forged record this way, as a thief of
    /// the node's files could, to see the other nodes refuse it.
    func storeToken(_ record: TokenRecord, at node: SimulatedNode) throws {
        try node.tokens.storeLocally(record)
        trace.mix("token \(record.id) \(record.isRevoked ? "revoked" : "created") at \(node.id)")
        dispatch(node.handle(.localTokens([record]), nowMs: nowMs), from: node)
    }

    /// A random admin operation on tokens: creating one (a clerk token of the node's own
    /// centre, or a monitor token), or revoking one the node knows.
    func performRandomTokenOperation(at node: SimulatedNode) throws {
        let known = node.tokens.tokens.sorted.filter { !$0.isRevoked }
        if let token = known.randomElement(using: &clerkRandom), Bool.random(using: &clerkRandom) {
            try revokeToken(token.id, at: node.id)
        } else {
            try createToken(at: node.id, role: Bool.random(using: &clerkRandom) ? .clerk : .monitor)
        }
    }
}
