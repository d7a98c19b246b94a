import Synchronization
import CaseCore
import CaseReplication
import CaseWire

/// What the transport's threads share: its identity and keys, limits, log (and
/// its throttled part for refusals before authentication), counters, the total
/// of queued bytes, and whether it is stopping.
final class PeerTransportShared: Sendable {
    let nodeID: String
    let clusterID: String
    let keyRing: ClusterKeyRing
    /// This node's certificate and key (version 3); nil for the shared-key handshake alone.
    let identity: PeerIdentity?
    let limits: PeerTransportLimits
    let log: @Sendable (String) -> Void
    /// Lines about peers that have not completed their handshake, throttled per kind and address.
    let refusals: RefusalLog
    /// Why a node that says hello is refused (nil: admitted); see `TCPPeerTransport.init`.
    let admission: @Sendable (_ nodeID: String) -> String?
    /// Told each peer certificate a version-3 handshake proved; see `TCPPeerTransport.init`.
    let certified: @Sendable (Certificate) -> Void
    private let counters = Mutex(PeerTransportCounters())
    private let queuedBytes = Mutex(0)
    private let stopping = Mutex(false)

    init(
        nodeID: String, clusterID: String, keyRing: ClusterKeyRing, identity: PeerIdentity? = nil, limits: PeerTransportLimits,
        log: @escaping @Sendable (String) -> Void,
        admission: @escaping @Sendable (_ nodeID: String) -> String? = { _ in nil },
        certified: @escaping @Sendable (Certificate) -> Void = { _ in }
    ) {
        self.nodeID = nodeID
        self.clusterID = clusterID
        self.keyRing = keyRing
        self.identity = identity
        self.limits = limits
        self.log = log
        refusals = RefusalLog(log: log)
        self.admission = admission
        self.certified = certified
    }

    var snapshot: PeerTransportCounters { counters.withLock { $0 } }

    func count(_ update: (inout PeerTransportCounters) -> Void) {
        counters.withLock { update(&$0) }
    }

    /// A hello for a new connection: this node's first key and a fresh ephemeral key.
    func makeHello() -> PeerHandshake.Opening {
        PeerHandshake.open(clusterID: clusterID, nodeID: nodeID, keyRing: keyRing, identity: identity)
    }

    /// Claims room for `byteCount` queued bytes within `maxQueuedBytesTotal`; false if there is none.
    func reserveQueuedBytes(_ byteCount: Int) -> Bool {
        queuedBytes.withLock { total in
            guard byteCount <= limits.maxQueuedBytesTotal - total else { return false }
            total += byteCount
            return true
        }
    }

    func releaseQueuedBytes(_ byteCount: Int) {
        queuedBytes.withLock { total in
            total -= byteCount
            precondition(total >= 0, "released more queued bytes than were reserved")
        }
    }

    var queuedByteCount: Int { queuedBytes.withLock { $0 } }

    var isStopping: Bool { stopping.withLock { $0 } }

    func markStopping() {
        stopping.withLock { $0 = true }
    }
}
