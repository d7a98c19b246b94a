import CaseCore
import CaseSystem
import CaseStorage
import Synchronization

/// This node's copy of the cluster's API token registry: in memory for every request's
/// check, in `api_tokens` for restarts, and merged with the other nodes' copies by
/// the replication core (`ReplicationNode+Authority`) so that a token is valid at every node.
public final class TokenRegistry: Sendable {
    private let store: CaseStore
    private let tokens: Mutex<TokenSet>
    /// Serialises changes (merge, then persist, then publish) so two cannot interleave;
    /// readers never wait for it, only for the short swap at the end.
    private let changeLock = Mutex(())
    private let observers = Mutex<[@Sendable ([TokenRecord]) -> Void]>([])

    /// Reads the records the database holds.
    public init(store: CaseStore) throws {
        self.store = store
        let held = try store.read { try $0.tokenRecords() }
        do {
            tokens = Mutex(try TokenSet(held))
        } catch {
            throw StoreCorruption("api_tokens: \(error)")
        }
    }

    /// Every record (live and revoked), sorted by id.
    public var all: [TokenRecord] { tokens.withLock { $0.sorted } }

    public var isEmpty: Bool { tokens.withLock { $0.count == 0 } }

    public var digest: TokenDigest { tokens.withLock { $0.digest } }

    public func record(id: String) -> TokenRecord? { tokens.withLock { $0[id] } }

    /// Who presents `text`, or why nobody: the record is found by the id in the text and
    /// the secret's hash compared with the stored one in constant time.
    public func authenticate(_ text: String) -> TokenCheck {
        guard let presented = TokenSecret(parsing: text) else { return .malformed }
        guard let record = record(id: presented.id), presented.matches(record) else { return .unknown }
        return record.isRevoked ? .revoked(record) : .valid(record)
    }

    /// Creates a token; returns its record and the secret, which is shown once and kept nowhere.
    public func create(name: String, role: TokenRole, centre: String?, nowMs: Int64) throws(ServiceError) -> (TokenRecord, TokenSecret) {
        let secret = TokenSecret.generate()
        let record = TokenRecord(
            id: secret.id, name: VietnameseText.normalized(name), role: role, centre: centre, createdAtMs: nowMs,
            secretHash: secret.hash)
        do {
            try record.validate()
        } catch {
            throw ServiceError.invalid(error)
        }
        guard self.record(id: record.id) == nil else {
            // 64 random bits repeating: astronomically unlikely, and never worth overwriting a token.
            throw ServiceError(httpStatus: 503, code: "token_id_collision", message: "a new token's random id is taken; try again")
        }
        try apply([record], announce: true)
        return (record, secret)
    }

    /// Revokes the token `id` (everywhere, once the news spreads); revoking it again changes nothing.
    public func revoke(id: String, nowMs: Int64) throws(ServiceError) -> TokenRecord {
        guard var record = record(id: id) else { throw ServiceError.notFound("no token \(id) in the registry") }
        guard !record.isRevoked else { return record }
        record.revokedAtMs = nowMs
        try apply([record], announce: true)
        return self.record(id: id) ?? record
    }

    /// Merges records from a peer: all or nothing. Returns the records that changed here.
    @discardableResult
    public func merge(_ incoming: [TokenRecord]) throws -> [TokenRecord] {
        try changeLock.withLock { _ in
            var next = tokens.withLock { $0 }
            let changed = try next.merge(incoming)
            guard !changed.isEmpty else { return [] }
            try store.write { writer in
                for record in changed { try writer.saveToken(record) }
            }
            tokens.withLock { $0 = next }
            return changed
        }
    }

    /// Calls `observer` with every record created or revoked at this node, once it is
    /// durable here (replication pushes them to the peers from there).
    public func onLocalChange(_ observer: @escaping @Sendable ([TokenRecord]) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    private func apply(_ records: [TokenRecord], announce: Bool) throws(ServiceError) {
        let changed: [TokenRecord]
        do {
            changed = try merge(records)
        } catch let refusal as TokenMergeRefusal {
            throw ServiceError(httpStatus: 409, code: "registry_full", message: refusal.reason)
        } catch {
            throw ServiceError.storage(error)
        }
        guard announce, !changed.isEmpty else { return }
        for observer in observers.withLock({ $0 }) { observer(changed) }
    }
}

/// The outcome of checking a presented token.
public enum TokenCheck: Equatable, Sendable {
    case valid(TokenRecord)
    /// The secret is right but an admin revoked the token.
    case revoked(TokenRecord)
    /// No token with this id and secret.
    case unknown
    /// The text is not a casestore token at all.
    case malformed
}
