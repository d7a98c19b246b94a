/// How a replica log (the SQLite store, the simulator's in-memory log) signs the events
/// its node writes and which received events it stores.
public struct EventSigning: Sendable {
    /// The node whose events this store signs, with its key; nil: events are stored
    /// unsigned (a store opened by a tool, a test, a backup being read).
    public let signer: (origin: String, key: SigningKey)?
    /// What received events must carry to be stored (`EventAuthentication`).
    public let trust: EventTrust

    public init(signer: (origin: String, key: SigningKey)? = nil, trust: EventTrust = .unverified) {
        self.signer = signer
        self.trust = trust
    }

    public static let none = EventSigning()

    /// `event`, linked after `previous`, and signed if it is this store's node's own.
    public func seal(_ event: ChangeEvent, after previous: [UInt8]) -> ChangeEvent {
        guard let signer, signer.origin == event.origin else {
            return event.sealed(chain: EventChain.link(after: previous, event), signature: [])
        }
        return EventChain.seal(event, after: previous, key: signer.key)
    }
}

extension EventSigning {
    /// Of `certificates`, those a log keeps: node certificates the root signed for this
    /// cluster. Without a root key nothing can be checked, so nothing is kept (a
    /// stranger could otherwise fill the table).
    /// `signatures` remembers the signatures already checked.
    public func keepable(_ certificates: [Certificate], signatures: SignatureChecker? = nil) -> [Certificate] {
        guard case .verified(let root, let clusterID, _) = trust else { return [] }
        return certificates.filter {
            (try? $0.verify(root: root, clusterID: clusterID, role: .node, nowMs: $0.validFromMs, signatures: signatures)) != nil
        }
    }
}
