/// What a node requires of the events it receives before it stores them.
public enum EventTrust: Sendable, Equatable {
    /// No cluster root is configured: signatures cannot be checked, so events are
    /// stored as they come (chains are still computed, ready for an upgrade).
    case unverified
    /// Every event must be vouched for by a signature of its origin, certified by
    /// `root` for `clusterID`. While `acceptsUnsigned` (the upgrade window), events
    /// without any signature (written by nodes not yet upgraded) are stored too.
    case verified(root: SigningPublicKey, clusterID: String, acceptsUnsigned: Bool)
}

/// Why part of a run of an origin's events was not stored.
public struct EventRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first event not stored; every later event of the run was dropped with it.
    public let event: EventID
    public let reason: String

    public init(event: EventID, reason: String) {
        self.event = event
        self.reason = reason
    }

    public var description: String { "event \(event) not stored: \(reason)" }
}

/// The verdict on one origin's run: the events that may be stored (with their chain
/// links), and why the rest may not.
public struct EventRunVerdict: Equatable, Sendable {
    public var accepted: [ChangeEvent]
    public var refusal: EventRefusal?

    public init(accepted: [ChangeEvent], refusal: EventRefusal?) {
        self.accepted = accepted
        self.refusal = refusal
    }
}

/// Decides which of a run of an origin's received events a node stores: the same
/// rule for the SQLite log and the simulator's in-memory log.
public enum EventAuthentication {
    /// `run`: one origin's events, in sequence order, the first following the stored
    /// event whose link is `previous` (the genesis link for a new origin).
    /// `certificates`: those the node holds for that origin.
    ///
    /// Every event gets its link. Under `.verified`, the run is stored up to the last
    /// event whose signature verifies under a root-certified key of the origin, valid
    /// at the event's time: the chain makes that signature vouch for every event before
    /// it. Later events are refused, unless they carry no signature and the trust
    /// accepts unsigned events. A failed signature is searched back (binary search, as
    /// a changed event breaks every link after it) to store what can be vouched for.
    ///
    /// `revokedAfter`: when the cluster root retired (revoked) the origin, the last of its
    /// sequences that may be stored (`MembershipDecision.lastSequence`); later events are
    /// refused whatever they carry, since a thief of the node's key could sign them.
    public static func verify(
        _ run: [ChangeEvent], after previous: [UInt8], certificates: [Certificate], trust: EventTrust, revokedAfter: Int64? = nil
    ) -> EventRunVerdict {
        applyingRevocation(to: run, revokedAfter: revokedAfter, trust: trust) { part in
            var link = previous
            let linked = part.map { event in
                link = EventChain.link(after: link, event)
                return event.sealed(chain: link, signature: event.signature)
            }
            return judgeSignatures(linked, certificates: certificates, trust: trust)
        }
    }

    /// `verify` of the part of `run` a revocation leaves, by `verifyPart`, and the refusal
    /// of the rest: the one revocation rule for full and sparse (`SparseStreamAuthentication`) runs.
    static func applyingRevocation(
        to run: [ChangeEvent], revokedAfter: Int64?, trust: EventTrust, _ verifyPart: ([ChangeEvent]) -> EventRunVerdict
    ) -> EventRunVerdict {
        guard let cutoff = revokedAfter, case .verified = trust, let beyond = run.firstIndex(where: { $0.sequence > cutoff }) else {
            return verifyPart(run)
        }
        var verdict = verifyPart(Array(run[..<beyond]))
        if verdict.refusal == nil {
            verdict.refusal = EventRefusal(
                event: run[beyond].id,
                reason: "the cluster root revoked \(run[beyond].origin): its events after sequence \(cutoff) are refused")
        }
        return verdict
    }

    /// Which of one origin's events, already carrying their chain links, the trust lets a
    /// node store: up to the last one a certified signature vouches for (see `verify`).
    static func judgeSignatures(_ linked: [ChangeEvent], certificates: [Certificate], trust: EventTrust) -> EventRunVerdict {
        guard case .verified(let root, let clusterID, let acceptsUnsigned) = trust, let origin = linked.first?.origin else {
            return EventRunVerdict(accepted: linked, refusal: nil)
        }
        let keys = certifiedKeys(of: origin, in: certificates, root: root, clusterID: clusterID)
        let signed = linked.indices.filter { !linked[$0].signature.isEmpty }
        guard let lastSigned = signed.last else {
            return acceptsUnsigned ? EventRunVerdict(accepted: linked, refusal: nil)
                : refuse(linked, from: 0, "it carries no signature (its origin has not been upgraded to node certificates)")
        }
        if isVouched(linked[lastSigned], by: keys) {
            let unsignedTail = lastSigned + 1 < linked.count
            if !unsignedTail || acceptsUnsigned { return EventRunVerdict(accepted: linked, refusal: nil) }
            return refuse(linked, from: lastSigned + 1, "it carries no signature, and events after signed ones must be signed")
        }
        let reason = keys.isEmpty
            ? "this node holds no valid certificate of \(origin) from the cluster root"
            : "its signature does not verify with any certificate of \(origin): the event, or one before it, was altered or forged"
        let good = lastVouched(linked, signed: signed, keys: keys)
        return refuse(linked, from: good.map { $0 + 1 } ?? 0, reason)
    }

    /// The index of the last signed event that verifies, assuming (as a changed event
    /// makes it) that once one fails every later one fails.
    private static func lastVouched(_ linked: [ChangeEvent], signed: [Int], keys: [(SigningPublicKey, Certificate)]) -> Int? {
        var low = 0, high = signed.count - 1, found: Int?
        while low <= high {
            let middle = (low + high) / 2
            if isVouched(linked[signed[middle]], by: keys) {
                found = signed[middle]
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return found
    }

    private static func refuse(_ linked: [ChangeEvent], from index: Int, _ reason: String) -> EventRunVerdict {
        EventRunVerdict(accepted: Array(linked[..<index]), refusal: EventRefusal(event: linked[index].id, reason: reason))
    }

    private static func isVouched(_ event: ChangeEvent, by keys: [(SigningPublicKey, Certificate)]) -> Bool {
        let time = event.timestamp.physicalMs
        return keys.contains { key, certificate in
            time >= certificate.validFromMs && time < certificate.validUntilMs && EventChain.isSignedBy(key, event)
        }
    }

    /// The keys the root certified for `origin` in this cluster, whatever their validity
    /// now (an event is judged at its own time).
    static func certifiedKeys(of origin: String, in certificates: [Certificate], root: SigningPublicKey, clusterID: String) -> [(SigningPublicKey, Certificate)] {
        certificates.compactMap { certificate in
            guard certificate.subject == origin,
                  (try? certificate.verify(root: root, clusterID: clusterID, role: .node, nowMs: certificate.validFromMs)) != nil
            else { return nil }
            return (certificate.publicKey, certificate)
        }
    }
}
