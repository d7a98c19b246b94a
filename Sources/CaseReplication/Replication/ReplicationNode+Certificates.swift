import CaseCore

/// Placing every centre of the nation (docs/design/provinces.md, "Who belongs where").
///
/// A node places a centre in its province by the centre's node certificate, which the
/// root signed. It meets its peers' certificates in handshakes and its events' origins'
/// certificates with their batches; at national scale that leaves most of the 3,321
/// centres unplaced, although its member table (exchanged digest-first) names them all.
/// A clerk filing for a centre of another province, and a crossing event's push to that
/// province, need the centre placed. So a node asks a random live peer for the
/// certificates of the members it cannot place, `maxCertificateSubjectsPerRequest` at a
/// time, in id order from where the last ask stopped:
///
///     A → B  certificateRequest(members A cannot place)
///     B → A  certificates(those of them B holds)     A's log keeps those the root signed
///
/// Nothing is sent while every member is placed, so a settled nation pays nothing. While
/// the number of unplaced members changes (asks bring certificates, members join), a node
/// asks every `tokenDigestIntervalMs`; when it did not change since the last ask (nobody
/// holds those members' certificates: a legacy member, or one that never spoke), every
/// `membershipExchangeIntervalMs`. An answer is taken only from the peer asked, and of it
/// only the certificates of the members asked for: a peer cannot make this node verify
/// what it did not want. Only a node certified with a root key asks (one without can
/// check no certificate); a version-10 peer drops the request, and the next ask goes to
/// another peer.
extension ReplicationNode {
    /// Members named in one request. Why 64: a request stays under 1 KB, and a node joining
    /// a nation of 3,321 centres places them all in some 52 asks, one a second.
    public static let maxCertificateSubjectsPerRequest = 64
    /// Certificates in one answer: two per member asked, for a member whose key was renewed
    /// (each under 400 bytes, so an answer stays under 52 KB).
    public static let maxCertificatesPerAnswer = 2 * maxCertificateSubjectsPerRequest

    /// The members (other than this node, retired ones included: a clerk naming one is told
    /// its successor) whose province this node cannot tell, sorted by id.
    public var unplacedMembers: [String] {
        table.allSorted.lazy.map(\.record.id).filter { $0 != self.selfID && self.scope.directory.certifiedProvinces[$0] == nil }
    }

    func runCertificateTimer(nowMs: Int64, outbox: inout Outbox) {
        guard tokenTrust != nil, scope.certifiedProvince != nil, nowMs >= certificateAsks.nextAtMs else { return }
        // Members and placements unchanged since every member was placed: nothing to look at.
        let state = CertificateAsks.Looked(tableRevision: table.revision, placed: scope.directory.certifiedProvinces.count)
        guard certificateAsks.allPlacedAt != state else { return }
        let unplaced = unplacedMembers
        if unplaced.isEmpty { certificateAsks.allPlacedAt = state }
        guard !unplaced.isEmpty, let peer = randomPeer(in: [.alive]) else { return }
        let changed = unplaced.count != certificateAsks.unplacedAtLastAsk
        certificateAsks.nextAtMs = nowMs + (changed ? configuration.tokenDigestIntervalMs : configuration.membershipExchangeIntervalMs)
        let subjects = certificateAsks.next(of: unplaced, count: Self.maxCertificateSubjectsPerRequest)
        certificateAsks.asked(peer.record.id, subjects, unplacedCount: unplaced.count)
        statistics.certificateRequestsSent += 1
        outbox.append(Envelope(destination(of: peer), .certificateRequest(subjects: subjects)))
    }

    /// The driver answers with what the log holds of `subjects` (nothing when it holds none).
    func receiveCertificateRequest(_ subjects: [String], from sender: String, outbox: inout Outbox) {
        guard sender != selfID, let peer = table[sender], !subjects.isEmpty else { return }
        outbox.append(.answerCertificates(Array(subjects.prefix(Self.maxCertificateSubjectsPerRequest)), to: destination(of: peer)))
    }

    /// Takes an answer from the peer last asked, keeping only the certificates of members
    /// asked for; the log verifies and keeps them, and the scope places their centres.
    func receiveCertificates(_ certificates: [Certificate], from sender: String, outbox: inout Outbox) {
        guard let asked = certificateAsks.answered(by: sender) else {
            statistics.certificatesUnasked += Int64(certificates.count)
            return
        }
        let wanted = certificates.filter { asked.contains($0.subject) }
        statistics.certificatesUnasked += Int64(certificates.count - wanted.count)
        guard !wanted.isEmpty else { return }
        statistics.certificatesReceived += Int64(wanted.count)
        outbox.append(.keepCertificates(Array(wanted.prefix(Self.maxCertificatesPerAnswer))))
    }
}

/// The certificate asks of a node (`ReplicationNode+Certificates`): the one awaiting an
/// answer, where the next starts, and when it may go.
struct CertificateAsks {
    /// What the members and the placements were when a node looked.
    struct Looked: Equatable {
        var tableRevision: UInt64
        var placed: Int
    }

    var nextAtMs: Int64 = .min
    /// When every member was last found placed; a change of either brings another look.
    var allPlacedAt: Looked?
    /// How many members were unplaced at the last ask: a different count now means asks
    /// are placing members (or members joined), so the next goes soon.
    private(set) var unplacedAtLastAsk = -1
    /// The peer asked last and whom it was asked about; nil once answered.
    private var pending: (peer: String, subjects: Set<String>)?
    /// The last member asked about: the next ask starts after it, so every unplaced member
    /// is asked about in turn, even when the first ones are never placed.
    private var cursor = ""

    /// Up to `count` of `unplaced` (sorted) after the cursor, wrapping round.
    func next(of unplaced: [String], count: Int) -> [String] {
        let start = unplaced.firstIndex { $0 > cursor } ?? 0
        let rotated = unplaced[start...] + unplaced[..<start]
        return Array(rotated.prefix(count))
    }

    mutating func asked(_ peer: String, _ subjects: [String], unplacedCount: Int) {
        pending = (peer, Set(subjects))
        cursor = subjects.last ?? ""
        unplacedAtLastAsk = unplacedCount
    }

    /// The members `sender` was asked about, if it is the peer asked last and has not answered yet.
    mutating func answered(by sender: String) -> Set<String>? {
        guard let pending, pending.peer == sender else { return nil }
        self.pending = nil
        return pending.subjects
    }
}
