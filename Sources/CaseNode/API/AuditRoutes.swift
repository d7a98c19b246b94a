import CaseCore
import CaseNet
import CaseStorage
import CaseSupport

/// `GET /v1/admin/audit`: every stored event's chain link and signature checked
/// (docs/security-peers.md, "Signed events"). O(events): minutes for millions.
extension APIRouter {
    func audit() throws(ServiceError) -> HTTPResponse {
        .json(200, try service.audit().json)
    }
}

extension DossierService {
    /// The cluster root's public key and the cluster id, when this node was started with a
    /// root key: what membership decisions and certificates are checked against.
    public var rootAuthority: (root: SigningPublicKey, clusterID: String)? {
        if case .verified(let root, let clusterID, _) = store.signing.trust { return (root, clusterID) }
        return nil
    }

    /// Audits this node's log against the root key it was started with (links only without one).
    public func audit() throws(ServiceError) -> AuditReport {
        let (root, clusterID): (SigningPublicKey?, String) = {
            if case .verified(let root, let clusterID, _) = store.signing.trust { return (root, clusterID) }
            return (nil, "")
        }()
        do {
            return try store.read { try $0.audit(root: root, clusterID: clusterID) }
        } catch {
            throw ServiceError.storage(error)
        }
    }
}
