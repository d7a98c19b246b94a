import CaseCore
import CaseStorage

/// Reads for `casectl verify` and `casectl conflicts`.
extension DossierService {
    /// The range's digests recomputed from the stored rows, split into up to `parts` parts,
    /// and the node's maintained digest, read in one snapshot.
    public func digestParts(of range: CodeRange, parts: Int) throws(ServiceError) -> (parts: [RangeDigest], maintained: StateDigest) {
        do {
            return try store.read { reader in (try reader.digestParts(of: range, parts: parts), try reader.stateDigest()) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    /// Each dossier's code and state hash in `range`; nil when it holds more than `limit`.
    public func dossierHashes(in range: CodeRange, limit: Int) throws(ServiceError) -> [(code: String, hash: StateDigest)]? {
        do {
            return try store.read { try $0.dossierHashes(in: range, limit: limit) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    /// Dossiers with conflicts; with `openOnly`, only those with a conflict not yet settled.
    public func conflicts(openOnly: Bool, limit: Int, offset: Int) throws(ServiceError) -> DossierPage {
        do {
            return try store.read { try $0.dossiersWithConflicts(openOnly: openOnly, limit: limit, offset: offset) }
        } catch {
            throw ServiceError.storage(error)
        }
    }
}
