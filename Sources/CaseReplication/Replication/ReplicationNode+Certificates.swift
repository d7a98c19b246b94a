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
/// Nothing is sent while every member is placed, so a settled nation pays nothing. A node
/// asks every `tokenDigestIntervalMs` while asks place members (or members join), and for
/// `maxFruitlessQuickAsks` asks after the last one that did, each to another random peer
/// (one of an older build drops the request; one may hold none of the members asked
/// about); then every `membershipExchangeIntervalMs` (nobody holds those members'
/// certificates: a legacy member, or one that never spoke). An answer is taken only from
/// the peer asked, and of it only the certificates of members asked about and not yet
/// answered: a peer cannot make this node verify what it did not want, nor the same thing
/// twice. A node answers each peer at most once per `tokenDigestIntervalMs`. Only a node
/// certified with a root key asks (one without can check no certificate).
extension ReplicationNode {
    /// Members named in one request. Why 64: a request stays under 1 KB, and a node joining
    /// a nation of 3,321 centres places them all in some 52 asks, one a second.
    public static let maxCertificateSubjectsPerRequest = 64
    /// Certificates in one answer: two per member asked, for a member whose key was renewed
    /// (each under 400 bytes, so an answer stays under 52 KB).
    public static let maxCertificatesPerAnswer = 2 * maxCertificateSubjectsPerRequest
    /// Quick asks that place nobody before asking slows down. Why 8: in a rolling upgrade
    /// most peers may run an older build and drop the request, and eight random peers
    /// almost surely include one that answers.
    public static let maxFruitlessQuickAsks = 8

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
        let subjects = certificateAsks.next(of: unplaced, count: Self.maxCertificateSubjectsPerRequest)
        certificateAsks.asked(peer.record.id, subjects, unplacedCount: unplaced.count)
        let quick = certificateAsks.fruitlessAsks <= Self.maxFruitlessQuickAsks
        certificateAsks.nextAtMs = nowMs + (quick ? configuration.tokenDigestIntervalMs : configuration.membershipExchangeIntervalMs)
        statistics.certificateRequestsSent += 1
        outbox.append(Envelope(destination(of: peer), .certificateRequest(subjects: subjects)))
    }

    /// The driver answers with what the log holds of `subjects` (nothing when it holds none).
    func receiveCertificateRequest(_ subjects: [String], from sender: String, outbox: inout Outbox) {
        guard sender != selfID, let peer = table[sender], !subjects.isEmpty else { return }
        // One answer per peer and interval: each costs the log a lookup per member named.
        if let answeredAtMs = certificateAsks.answeredAtMs[sender], clockMs - answeredAtMs < configuration.tokenDigestIntervalMs { return }
        certificateAsks.answeredAtMs[sender] = clockMs
        outbox.append(.answerCertificates(Array(subjects.prefix(Self.maxCertificateSubjectsPerRequest)), to: destination(of: peer)))
    }

    /// Takes an answer from the peer last asked, keeping only the certificates of members
    /// asked about and not answered yet; the log verifies and keeps them, and the scope
    /// places their centres.
    func receiveCertificates(_ certificates: [Certificate], from sender: String, outbox: inout Outbox) {
        let wanted = certificateAsks.answered(by: sender, certificates)
        statistics.certificatesUnasked += Int64(certificates.count - wanted.count)
        guard !wanted.isEmpty else { return }
        statistics.certificatesReceived += Int64(wanted.count)
        outbox.append(.keepCertificates(wanted))
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
    /// How many members were unplaced at the last ask, and how many asks in a row found
    /// that number unchanged: asking slows down after `maxFruitlessQuickAsks` of them.
    private(set) var unplacedAtLastAsk = -1
    private(set) var fruitlessAsks = 0
    /// The peer asked last and the members asked about it has not answered for yet.
    private var pending: (peer: String, subjects: Set<String>)?
    /// When this node last answered each peer's request (members only, so bounded by the table).
    var answeredAtMs: [String: Int64] = [:]
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
        fruitlessAsks = unplacedCount == unplacedAtLastAsk ? fruitlessAsks + 1 : 0
        unplacedAtLastAsk = unplacedCount
    }

    /// Of `certificates` from `sender`, those of members it was asked about and has not
    /// answered for yet (at most two each: a renewed key's old and new); those members then
    /// count as answered. None when `sender` is not the peer asked last.
    mutating func answered(by sender: String, _ certificates: [Certificate]) -> [Certificate] {
        guard var open = pending, open.peer == sender else { return [] }
        var perSubject: [String: Int] = [:]
        let wanted = certificates.filter { certificate in
            guard open.subjects.contains(certificate.subject), perSubject[certificate.subject, default: 0] < 2 else { return false }
            perSubject[certificate.subject, default: 0] += 1
            return true
        }
        open.subjects.subtract(perSubject.keys)
        pending = open.subjects.isEmpty ? nil : open
        return wanted
    }
}
