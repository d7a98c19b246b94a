import CaseCore
import CaseSystem

/// What an admin asks of the registry through the API: tokens made or revoked here.
///
/// In legacy mode the node makes and revokes unsigned records, as before identities. In
/// identity mode it signs with its node key only what `TokenAuthority` lets a node sign
/// (its own centre's clerk tokens, and revocations of tokens it issued); everything else
/// comes signed from casectl (an admin key or the root) and is checked by the same rule
/// as a record from a peer.
extension TokenRegistry {
    /// Creates a token; returns its record and the secret, which is shown once and kept nowhere.
    public func create(name: String, role: TokenRole, centre: String?, nowMs: Int64) throws(ServiceError) -> (TokenRecord, TokenSecret) {
        let name = VietnameseText.normalized(name)
        do {
            try TokenRecord.validateHolder(name: name, role: role, centre: centre)
        } catch {
            throw ServiceError.invalid(error)
        }
        guard let issuer = policy.issuer, let nodeID = policy.nodeID else {
            let secret = TokenSecret.generate()
            let record = TokenRecord(id: secret.id, name: name, role: role, centre: centre, createdAtMs: nowMs, secretHash: secret.hash)
            try store(record, checking: nil)
            return (record, secret)
        }
        do {
            try TokenAuthority.mayGrant(role, centre: centre, by: .node(nodeID))
        } catch {
            throw Self.mintingRefusal(role: role, centre: centre, nodeID: nodeID)
        }
        let secret = issuer.newSecret()
        let record = issuer.grant(secret, name: name, role: role, centre: centre, createdAtMs: nowMs)
        try store(record, checking: nil)
        return (record, secret)
    }

    /// Takes a record casectl signed with an admin key or the root key (identity mode
    /// only), after checking it as a peer's record is checked.
    public func createSigned(_ record: TokenRecord) throws(ServiceError) -> TokenRecord {
        guard policy.trust != nil else {
            throw ServiceError(
                httpStatus: 422, code: "signature_not_accepted",
                message: "this node has no cluster root key (--root-public-key), so it cannot check a signed token; create tokens without --signing-key")
        }
        guard !record.isRevoked else {
            throw ServiceError(httpStatus: 422, code: "validation_failed", message: "token \(record.id) is already revoked; post a new token")
        }
        try store(record, checking: record)
        return record
    }

    /// The first admin token of a node in identity mode: local to this node, never sent
    /// to a peer, so a node's own file grants admin at that node only.
    func createLocalAdmin(name: String, nowMs: Int64) throws(ServiceError) -> (TokenRecord, TokenSecret) {
        let secret = TokenSecret.generate()
        let record = TokenRecord(
            id: secret.id, name: name, role: .admin, centre: nil, createdAtMs: nowMs, secretHash: secret.hash, provenance: .local)
        try store(record, checking: nil)
        return (record, secret)
    }

    /// Revokes the token `id`: at once here, everywhere else as the news spreads; revoking
    /// it again changes nothing. In identity mode the node signs the revocation only of a
    /// token it issued itself; any other needs casectl's signed revocation (`revokeSigned`).
    public func revoke(id: String, nowMs: Int64) throws(ServiceError) -> TokenRecord {
        let record = try uniqueRecord(id: id)
        guard !record.isRevoked else { return record }
        var revoked = record
        switch record.provenance {
        case .legacy, .local:
            revoked.revokedAtMs = nowMs
        case .signed:
            guard let issuer = policy.issuer, record.issuer == issuer.key.publicKey,
                  let signed = record.revoked(atMs: nowMs, signature: issuer.revocation(of: id, issuedBy: issuer.key.publicKey, atMs: nowMs))
            else {
                throw ServiceError(
                    httpStatus: 422, code: "signature_required",
                    message: "token \(id) was issued by \(Self.issuerName(record)); this node signs revocations of its own tokens only: "
                        + "revoke it with an admin key ('casectl token revoke \(id) --signing-key ADMIN.key --certificate ADMIN.cert') or at its issuer")
            }
            revoked = signed
        }
        try store(revoked, checking: nil)
        return self.record(id: id) ?? revoked
    }

    /// Revokes the token `id` of `issuer` with a revocation casectl signed (identity mode),
    /// after checking it as a peer's revocation is checked.
    public func revokeSigned(id: String, issuer: SigningPublicKey, revokedAtMs: Int64, signature: TokenSignature) throws(ServiceError) -> TokenRecord {
        guard let held = honoured(id: id).first(where: { $0.issuer == issuer }) else {
            throw ServiceError.notFound("no token \(id) issued by key \(issuer.fingerprint) in the registry")
        }
        guard let revoked = held.revoked(atMs: revokedAtMs, signature: signature) else {
            throw ServiceError(httpStatus: 422, code: "validation_failed", message: "token \(id) is not signed; revoke it without --signing-key")
        }
        try store(revoked, checking: revoked)
        return honoured(id: id).first { $0.issuer == issuer } ?? revoked
    }

    // MARK: - Private

    /// Stores `record` made or revoked here; `checked`, a record from casectl, is first
    /// checked by the authority rule against the record held of its key. New tokens must
    /// fit their issuer's bound: a node refuses rather than letting its own record push
    /// an older one out.
    private func store(_ record: TokenRecord, checking checked: TokenRecord?) throws(ServiceError) {
        let change: TokenSetChange
        do {
            change = try self.change { held, signatures in
                let existing = held.replicated[record.key] ?? (record.provenance == .local ? held.local[record.id] : nil)
                if let checked {
                    try TokenAuthority.check(checked, held: existing, trust: policy.trust, signatures: signatures)
                }
                if existing == nil { try Self.checkRoom(for: record, in: held) }
                return [record]
            }
        } catch let error as ServiceError {
            throw error
        } catch let refusal as TokenAuthorityRefusal {
            throw Self.authorityRefusal(refusal)
        } catch let refusal as TokenMergeRefusal {
            throw ServiceError(httpStatus: 409, code: "registry_full", message: refusal.reason)
        } catch {
            throw ServiceError.storage(error)
        }
        announce(change)
    }

    private static func checkRoom(for record: TokenRecord, in held: TokenRegistryContents) throws(ServiceError) {
        if !held.candidates(id: record.id).isEmpty {
            // 64 random bits repeating: astronomically unlikely, and never worth overwriting a token.
            throw ServiceError(httpStatus: 503, code: "token_id_collision", message: "a new token's random id is taken; try again")
        }
        guard let issuer = record.issuer, held.replicated.count(issuedBy: issuer) >= TokenLimits.maxRecordsPerIssuer else { return }
        throw ServiceError(
            httpStatus: 409, code: "issuer_full",
            message: "\(issuerName(record)) has issued \(TokenLimits.maxRecordsPerIssuer) tokens (live and revoked), the most one key may: "
                + "revoked tokens are kept as tombstones so a revocation can never be undone; sign new tokens with a new key (docs/security-api.md)")
    }

    private func uniqueRecord(id: String) throws(ServiceError) -> TokenRecord {
        let found = honoured(id: id)
        guard let record = found.first else { throw ServiceError.notFound("no token \(id) in the registry") }
        guard found.count == 1 else {
            throw ServiceError(
                httpStatus: 409, code: "ambiguous_token",
                message: "\(found.count) tokens have id \(id), of different issuers: revoke the one you mean with 'casectl token revoke \(id) --signing-key ...'")
        }
        return record
    }

    private func honoured(id: String) -> [TokenRecord] {
        all.filter { $0.id == id && policy.honours($0) }
    }

    private static func issuerName(_ record: TokenRecord) -> String {
        guard case .signed(let grant, _) = record.provenance else { return "no key (\(record.provenance.name))" }
        return grant.signer.description
    }

    private static func mintingRefusal(role: TokenRole, centre: String?, nodeID: String) -> ServiceError {
        if role == .clerk {
            return ServiceError(
                httpStatus: 403, code: "wrong_centre",
                message: "node \(nodeID) signs clerk tokens for its own centre only, not for \(centre ?? "no centre"): create the token at \(centre ?? "the centre")'s node")
        }
        return ServiceError(
            httpStatus: 422, code: "signature_required",
            message: "in a cluster with a root key \(role == .admin ? "an" : "a") \(role.rawValue) token is signed by an admin key or the root, which nodes do not hold: "
                + "'casectl token create --role \(role.rawValue) --signing-key ADMIN.key --certificate ADMIN.cert' signs it and posts it here")
    }

    private static func authorityRefusal(_ refusal: TokenAuthorityRefusal) -> ServiceError {
        switch refusal.kind {
        case .notAllowed: return ServiceError(httpStatus: 403, code: "signer_not_allowed", message: refusal.reason)
        case .badSignature: return ServiceError(httpStatus: 422, code: "bad_signature", message: refusal.reason)
        case .wrongMode: return ServiceError(httpStatus: 422, code: "signature_not_accepted", message: refusal.reason)
        }
    }
}
