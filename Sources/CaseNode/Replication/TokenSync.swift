import CaseCore

/// Keeps this node's token registry in step with its peers', beside the replication core
/// (which never sees these messages): anti-entropy by digest, plus an immediate push of
/// every token created or revoked here.
///
/// Every `digestIntervalMs` it sends the registry's digest to one random live peer. A
/// peer whose digest differs answers with all its records and, unless the digest was
/// itself an answer, with its own digest, so the first node sends back what the peer
/// lacks: one round makes both equal, and answers never answer answers (no ping-pong
/// even if a record is refused forever). Records are merged all or nothing.
///
/// Not thread-safe: `ReplicationRuntime` calls it on its queue only.
final class TokenSync {
    /// Tokens change a few times a day; a digest is 42 bytes. Once a second keeps a
    /// missed push (a peer that was down) from lasting longer than a few seconds.
    static let digestIntervalMs: Int64 = 1_000

    private let registry: TokenRegistry
    private let selfID: String
    private let logger: Logger
    private var nextDigestAtMs: Int64 = 0

    init(registry: TokenRegistry, selfID: String, logger: Logger) {
        self.registry = registry
        self.selfID = selfID
        self.logger = logger
    }

    func tick(nowMs: Int64, members: [MemberRecord]) -> [Envelope] {
        guard nowMs >= nextDigestAtMs else { return [] }
        nextDigestAtMs = nowMs + Self.digestIntervalMs
        guard let peer = peers(in: members).randomElement() else { return [] }
        return [Envelope(Self.destination(of: peer), .tokenDigest(registry.digest, isReply: false))]
    }

    /// Records created or revoked here, to every live peer at once.
    func push(_ records: [TokenRecord], members: [MemberRecord]) -> [Envelope] {
        peers(in: members).flatMap { peer in
            Self.chunks(of: records).map { Envelope(Self.destination(of: peer), .tokenRecords($0)) }
        }
    }

    func receive(_ message: PeerMessage, from sender: String, members: [MemberRecord]) -> [Envelope] {
        // Only members in good standing: a retired one's registry is no longer trusted.
        guard let peer = members.first(where: { $0.id == sender }), peer.state != .retired, peer.id != selfID else { return [] }
        switch message {
        case .tokenDigest(let theirs, let isReply):
            let mine = registry.digest
            guard theirs != mine else { return [] }
            var answer = Self.chunks(of: registry.all).map { Envelope(Self.destination(of: peer), .tokenRecords($0)) }
            if !isReply { answer.append(Envelope(Self.destination(of: peer), .tokenDigest(mine, isReply: true))) }
            return answer
        case .tokenRecords(let records):
            do {
                let changed = try registry.merge(records)
                for record in changed {
                    logger.info(
                        record.isRevoked ? "token revocation learnt from a peer" : "token learnt from a peer",
                        .safe("token", record.id), .safe("role", record.role.rawValue), .safe("from", sender))
                }
            } catch {
                logger.warning("token records from a peer refused; none applied", .safe("from", sender), .error(error))
            }
            return []
        default:
            preconditionFailure("TokenSync is given token registry messages only, got \(message.kind)")
        }
    }

    private func peers(in members: [MemberRecord]) -> [MemberRecord] {
        members.filter { $0.id != selfID && ($0.state == .alive || $0.state == .suspect) }
    }

    private static func destination(of member: MemberRecord) -> Destination {
        .member(id: member.id, address: member.peerAddress)
    }

    private static func chunks(of records: [TokenRecord]) -> [[TokenRecord]] {
        stride(from: 0, to: records.count, by: TokenLimits.maxRecordsPerMessage).map {
            Array(records[$0..<min($0 + TokenLimits.maxRecordsPerMessage, records.count)])
        }
    }
}

extension PeerMessage {
    /// Whether the token registry's sync handles this message rather than the replication core.
    var isTokenSync: Bool {
        switch kind {
        case .tokenDigest, .tokenRecords: return true
        default: return false
        }
    }
}
