import CaseSupport

/// What `casectl audit` found in a log: every event's chain link recomputed from its
/// bytes, every signature checked against the certificates the root signed.
public struct AuditReport: Equatable, Sendable {
    /// One event that fails a check, and which.
    public struct Finding: Equatable, Sendable {
        public let event: EventID
        public let problem: String
    }

    /// Findings kept in full; beyond it only counted. Why 100: enough to show the
    /// shape of any damage, small enough for one answer.
    public static let maxFindings = 100

    public internal(set) var origins = 0
    public internal(set) var events = 0
    public internal(set) var signatures = 0
    /// Events with no signature of their own (written before nodes signed, or in an
    /// upgrade window); covered when a later signed event of the same origin verifies.
    public internal(set) var unsigned = 0
    /// Unsigned events after the last verified signature of their origin: nothing vouches for them.
    public internal(set) var uncovered = 0
    /// Whether signatures were checked (a root key was given).
    public internal(set) var signaturesChecked = false
    public internal(set) var findings: [Finding] = []
    public internal(set) var findingCount = 0

    public init() {}

    public var isClean: Bool { findingCount == 0 }

    mutating func add(_ event: EventID, _ problem: String) {
        findingCount += 1
        if findings.count < Self.maxFindings { findings.append(Finding(event: event, problem: problem)) }
    }
}

/// Audits one origin's events at a time, in sequence order (`EventAuthentication`'s
/// rules, applied to every event and signature rather than the last of a run).
public struct EventAuditor {
    public private(set) var report = AuditReport()
    private let trust: EventTrust

    /// `root`/`clusterID`: the cluster's root key; nil checks chain links only.
    public init(root: SigningPublicKey?, clusterID: String) {
        trust = root.map { .verified(root: $0, clusterID: clusterID, acceptsUnsigned: true) } ?? .unverified
        report.signaturesChecked = root != nil
    }

    /// State carried from one page of an origin's events to the next.
    public struct OriginState {
        var link: [UInt8]
        var expected: Int64 = 1
        var unsignedSinceVouched = 0
        let keys: [(SigningPublicKey, Certificate)]
        /// The root's retirement of the origin, if one is held and verifies.
        let revocation: MembershipDecision?
    }

    /// `decision`: the root's latest decision about the origin held with the log, if any;
    /// a retirement that verifies makes every event after its last sequence a finding
    /// (stored before the decision reached this node: written after the revocation).
    public mutating func begin(origin: String, certificates: [Certificate], decision: MembershipDecision? = nil) -> OriginState {
        report.origins += 1
        var keys: [(SigningPublicKey, Certificate)] = []
        var revocation: MembershipDecision?
        if case .verified(let root, let clusterID, _) = trust {
            keys = EventAuthentication.certifiedKeys(of: origin, in: certificates, root: root, clusterID: clusterID)
            if let decision, decision.member == origin, decision.verdict == .retired,
               (try? decision.verify(root: root, clusterID: clusterID)) != nil {
                revocation = decision
            }
        }
        return OriginState(link: EventChain.genesis(origin: origin), keys: keys, revocation: revocation)
    }

    /// Checks one event, the next of its origin.
    public mutating func check(_ event: ChangeEvent, _ state: inout OriginState) {
        report.events += 1
        if event.sequence != state.expected { report.add(event.id, "sequence \(event.sequence) where \(state.expected) was expected: events are missing") }
        if let revocation = state.revocation, event.sequence > Int64(clamping: revocation.lastSequence) {
            report.add(event.id, "written after the cluster root revoked \(event.origin) (its events after sequence \(revocation.lastSequence) are refused)")
        }
        state.expected = event.sequence + 1
        let computed = EventChain.link(after: state.link, event)
        let linkMatches = event.chain == computed
        if !linkMatches {
            report.add(event.id, "its bytes do not give its stored chain link: it was altered after it was stored")
        }
        // Go on from the stored link, so one altered event is named alone.
        state.link = event.chain.count == EventChain.linkByteCount ? event.chain : computed
        guard !event.signature.isEmpty else {
            report.unsigned += 1
            state.unsignedSinceVouched += 1
            return
        }
        report.signatures += 1
        guard report.signaturesChecked, linkMatches else { return }
        let time = event.timestamp.physicalMs
        let vouched = state.keys.contains { key, certificate in
            time >= certificate.validFromMs && time < certificate.validUntilMs && EventChain.isSignedBy(key, event)
        }
        if vouched {
            state.unsignedSinceVouched = 0
        } else {
            report.add(event.id, state.keys.isEmpty
                ? "no certificate of \(event.origin) from the cluster root is held, so its signature cannot be checked"
                : "its signature does not verify with any certificate of \(event.origin)")
        }
    }

    /// Counts an event whose stored bytes do not even read as an event (a damaged or
    /// hand-edited file), and goes on from its stored chain link.
    public mutating func unreadable(_ id: EventID, storedLink: [UInt8], reason: String, _ state: inout OriginState) {
        report.events += 1
        report.add(id, "it cannot be read: \(reason)")
        state.expected = id.sequence + 1
        if storedLink.count == EventChain.linkByteCount { state.link = storedLink }
    }

    public mutating func end(_ state: OriginState) {
        if report.signaturesChecked { report.uncovered += state.unsignedSinceVouched }
    }
}

extension AuditReport {
    /// The report as `GET /v1/admin/audit` answers it and `casectl audit --json` prints it.
    public var json: JSONValue {
        [
            "origins": .int(Int64(origins)), "events": .int(Int64(events)), "signatures": .int(Int64(signatures)),
            "unsigned": .int(Int64(unsigned)), "uncovered": .int(Int64(uncovered)),
            "signaturesChecked": .bool(signaturesChecked), "clean": .bool(isClean),
            "findingCount": .int(Int64(findingCount)),
            "findings": .array(findings.map { ["event": .string($0.event.description), "problem": .string($0.problem)] }),
        ]
    }
}
