import CaseCore
import CaseSystem
import CaseStorage
import Synchronization

/// This node's copy of the cluster's API token registry: in memory for every request's
/// check, in `api_tokens` for restarts, and merged with the other nodes' copies by the
/// replication core (`ReplicationNode+Authority`) so that a token is valid at every node.
/// What it honours, and how it mints, follows its `policy` (legacy or identity mode);
/// the API-side decisions are in `TokenRegistry+Minting`.
public final class TokenRegistry: Sendable {
    public let policy: TokenPolicy
    private let store: CaseStore
    private let contents: Mutex<TokenRegistryContents>
    /// Serialises changes (check, merge, persist, publish) so two cannot interleave, and
    /// owns the signature checker they use; readers never wait for it, only for the
    /// short swap at the end.
    private let changeLock = Mutex(SignatureChecker())
    private let observers = Mutex<[@Sendable ([TokenRecord]) -> Void]>([])

    /// Reads the records the database holds. In identity mode, signed records of
    /// another root (the cluster's root was rotated) are deleted first: the new root
    /// vouches for none of them, so none would ever be honoured again.
    public init(store: CaseStore, policy: TokenPolicy = .legacy) throws {
        self.store = store
        self.policy = policy
        try Self.forgetOtherRoots(store: store, policy: policy)
        let rows = try store.read { try $0.tokenRecords() }
        do {
            contents = Mutex(try TokenRegistryContents(rows: rows, policy: policy))
        } catch {
            throw StoreCorruption("api_tokens: \(error)")
        }
    }

    /// The replicated records this node honours, sorted by key: what the core syncs.
    public var replicated: [TokenRecord] { contents.withLock { $0.replicated.sorted } }

    /// Every record held, honoured or not, local included, sorted by key.
    public var all: [TokenRecord] { contents.withLock { $0.all } }

    /// Whether this node holds its local admin token (identity mode's first admin token).
    public var hasLocalToken: Bool { contents.withLock { !$0.local.isEmpty } }

    /// Whether it holds no honoured record at all.
    public var isEmpty: Bool { contents.withLock { $0.replicated.count == 0 && $0.local.isEmpty } }

    public var digest: TokenDigest { contents.withLock { $0.replicated.digest } }

    /// The honoured record of this id (the first by key if several issuers hold one).
    public func record(id: String) -> TokenRecord? { contents.withLock { $0.candidates(id: id).first } }

    /// Signed records `issuer` holds here, live and revoked.
    func count(issuedBy issuer: SigningPublicKey) -> Int { contents.withLock { $0.replicated.count(issuedBy: issuer) } }

    /// Who presents `text`, or why nobody: the records of the id in the text are found
    /// and the secret's hash compared with each in constant time.
    public func authenticate(_ text: String) -> TokenCheck {
        guard let presented = TokenSecret(parsing: text) else { return .malformed }
        let (candidates, dormant) = contents.withLock { ($0.candidates(id: presented.id), $0.dormant(id: presented.id)) }
        guard let record = candidates.first(where: presented.matches) else {
            return dormant.first(where: presented.matches).map { .notHonoured($0) } ?? .unknown
        }
        return record.isRevoked ? .revoked(record) : .valid(record)
    }

    /// Merges records from a peer, which the replication core has checked
    /// (`TokenAuthority`): all or nothing. Returns what changed here.
    @discardableResult
    public func merge(_ incoming: [TokenRecord]) throws -> TokenSetChange {
        try change { _, _ in incoming }
    }

    /// Calls `observer` with every replicated record created or revoked at this node, once
    /// it is durable here (replication pushes them to the peers from there). Local records
    /// are never announced: they do not leave the node.
    public func onLocalChange(_ observer: @escaping @Sendable ([TokenRecord]) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Under the change lock: `decide` returns the records to merge, given what is held
    /// and the signature checker; they are merged, persisted (evicted rows deleted) and
    /// swapped in. Returns what changed.
    func change(_ decide: (TokenRegistryContents, SignatureChecker) throws -> [TokenRecord]) throws -> TokenSetChange {
        try changeLock.withLock { signatures in
            var next = contents.withLock { $0 }
            let change = try next.merge(try decide(next, signatures))
            guard !change.isEmpty else { return change }
            try store.write { writer in
                for record in change.evicted { try writer.deleteToken(record) }
                for record in change.changed { try writer.saveToken(record) }
            }
            contents.withLock { $0 = next }
            return change
        }
    }

    /// Announces records made or revoked here to the observers (replication).
    func announce(_ change: TokenSetChange) {
        let replicated = change.changed.filter { $0.provenance != .local }
        guard !replicated.isEmpty else { return }
        for observer in observers.withLock({ $0 }) { observer(replicated) }
    }

    /// `node_meta.token_root` names the root the signed rows were checked against; when
    /// the node starts with another root, those rows are deleted and the new root noted.
    private static func forgetOtherRoots(store: CaseStore, policy: TokenPolicy) throws {
        guard let root = policy.trust?.root.hex else { return }
        try store.write { writer in
            let noted = try writer.reader.meta("token_root")
            guard noted != root else { return }
            if noted != nil {
                for record in try writer.reader.tokenRecords() where record.issuer != nil { try writer.deleteToken(record) }
            }
            try writer.setMeta("token_root", root)
        }
    }
}

/// The outcome of checking a presented token.
public enum TokenCheck: Equatable, Sendable {
    case valid(TokenRecord)
    /// The secret is right but the token was revoked.
    case revoked(TokenRecord)
    /// The secret is right but this node's mode does not honour the record (an unsigned
    /// token at a node with a root key, once the upgrade window is closed).
    case notHonoured(TokenRecord)
    /// No token with this id and secret.
    case unknown
    /// The text is not a casestore token at all.
    case malformed
}
