import CaseCore
import CaseSupport
import CaseReplication

/// The node's token registry as the replication core's `AuthorityStore`: records from
/// peers are merged and persisted by the registry, and each change is logged: by the token's
/// id, which identifies it, and its name as initials, which tells people reading the log
/// whose it is without writing a member of staff's name into it (docs/files-and-logs.md).
final class RegistryAuthorityStore: AuthorityStore {
    private let registry: TokenRegistry
    private let logger: Logger

    init(registry: TokenRegistry, logger: Logger) {
        self.registry = registry
        self.logger = logger
    }

    func store(_ records: [TokenRecord], from sender: String) throws -> [TokenRecord] {
        let change = try registry.merge(records)
        for record in change.changed {
            logger.info(
                record.isRevoked ? "token revocation learnt from a peer" : "token learnt from a peer",
                .safe("token", record.id), .personName("name", record.name), .safe("role", record.role.rawValue),
                .safe("provenance", record.provenance.name), .safe("issuer", record.issuer?.fingerprint ?? "none"), .safe("from", sender))
        }
        for record in change.evicted {
            logger.warning(
                "token dropped: its issuer signed more tokens than one key may hold, and this is one of its newest",
                .safe("token", record.id), .safe("issuer", record.issuer?.fingerprint ?? "none"), .safe("from", sender))
        }
        return change.changed
    }
}
