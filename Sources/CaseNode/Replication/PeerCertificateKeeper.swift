import CaseCore
import CaseStorage
import Synchronization

/// Keeps the certificates peers prove in their handshakes, so this node can vouch for
/// their API addresses and send their certificates on with their events. Each serial is
/// written once per run: reconnects cost no database write.
final class PeerCertificateKeeper: Sendable {
    /// Serials remembered in memory. Why 4,096: every node of a province many times over;
    /// beyond it the set starts again, which only costs a redundant write.
    static let maxRemembered = 4_096
    private let store: CaseStore
    private let kept = Mutex<Set<[UInt8]>>([])

    init(store: CaseStore) {
        self.store = store
    }

    @Sendable func keep(_ certificate: Certificate) {
        let isNew = kept.withLock { kept in
            if kept.count >= Self.maxRemembered { kept.removeAll() }
            return kept.insert(certificate.serial).inserted
        }
        guard isNew else { return }
        // A failed write (a full disk) only delays vouching; the next run tries again.
        try? store.write { try $0.storeCertificates([certificate]) }
    }
}
