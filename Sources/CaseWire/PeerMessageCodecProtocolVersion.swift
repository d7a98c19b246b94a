import CaseCore
import CaseReplication
/// The versions of the peer protocol this build speaks.
///
/// Every frame carries the version it was written in. A connection's opener
/// announces the range it speaks in `Hello`; the acceptor answers with the
/// highest version both speak (`HelloAck.version`) or refuses naming both
/// ranges. The handshake messages themselves (`hello`, `helloAck`, `refuse`)
/// keep one layout in every version, so that any two builds can at least
/// tell each other why they cannot talk (version 2 appends fields to
/// `hello` and `helloAck` that a version-1 reader never reaches).
///
/// Version 2 authenticates both sides with the cluster key and seals every
/// frame after the handshake (docs/security-peers.md). Version 3 changes only
/// the handshake: each side presents its root-signed certificate, signs the
/// transcript with its node key, and the session keys come from ephemeral
/// X25519 (`IdentityHandshakeTranscript`), and it adds one message kind:
/// signed token records (kind 15), which only nodes with identities send and
/// only version-3 sessions carry (`minimumVersion(of:)`); every other frame is
/// the same in both. Version 4 adds the cluster root's membership decisions
/// (kinds 16 and 17: retirement is revocation); every other frame is as in
/// version 3, so a version-4 node and a version-3 node talk version 3, without
/// decisions. Version 5 adds the digest-first member-list exchange (kinds 18
/// to 20); every other frame is as in version 4, so a version-5 node and a
/// version-4 node talk version 4 and exchange whole member lists as before
/// (`Envelope.fallback`, `message(of:onSessionOf:)`). Version 6 adds digest-first pulls
/// (kinds 21 and 22: version vectors summarized, `VectorSummary`); every other frame is as
/// in version 5, so a version-6 node and a version-5 node talk version 5 and pull with
/// whole vectors as before, by the same fallback. Version 7 adds to each event its
/// province tags and, for an event of a sparse stream, its predecessor's link (event
/// format 2, docs/design/provinces.md); a session of an older version is written the old
/// layout and is not sent tagged events at all (their signatures cover the tags it could
/// not carry). Version 8 adds the cluster root's holiday schedules (kinds 23 and 24); every
/// other frame is as in version 7, so a version-8 node and a version-7 node talk version 7,
/// without schedules (the older node dates dossiers by its own holiday file). Version 9
/// adds the import of a dossier's history into a province it entered (kinds 25 to 27,
/// `ReplicationNode+Imports`); every other frame is as in version 8, so a version-9 node
/// and an older one talk the older version, without imports (nodes are upgraded before any
/// is certified for a named province). Version 10 adds the cluster root's province mergers
/// (kinds 28 and 29, `ReplicationNode+ProvinceMerges`); every other frame is as in version
/// 9, so a version-10 node and an older one talk the older version, without mergers (a
/// merger is signed after every node of the two provinces runs version 10). Version 11 adds
/// the exchange of node certificates by member (kinds 30 and 31, `ReplicationNode+Certificates`);
/// every other frame is as in version 10, so a version-11 node and an older one talk the
/// older version, and the newer one places the older one's peers only from the certificates
/// met in handshakes and batches, as before. Version 1 sent citizens' data in plaintext to anyone
/// who asked, so there is no downgrade to it.
public enum PeerProtocol {
    /// The version this build writes.
    public static let currentVersion: UInt16 = certificateExchangeVersion
    /// The first version with node certificates: a node configured with a root
    /// key speaks it, and version 2 only while it accepts legacy peers.
    public static let identityVersion: UInt16 = 3
    /// The first version whose sessions carry the root's membership decisions.
    public static let decisionsVersion: UInt16 = 4
    /// The first version whose sessions carry the digest-first member-list exchange.
    public static let digestMembershipVersion: UInt16 = 5
    /// The first version whose sessions carry digest-first pulls (version vectors summarized).
    public static let digestPullVersion: UInt16 = 6
    /// The first version whose events carry province tags and predecessor links.
    public static let provinceTagsVersion: UInt16 = 7
    /// The first version whose sessions carry the root's holiday schedules.
    public static let holidaysVersion: UInt16 = 8
    /// The first version whose sessions carry the import of a dossier's history.
    public static let historyImportVersion: UInt16 = 9
    /// The first version whose sessions carry the root's province mergers.
    public static let provinceMergesVersion: UInt16 = 10
    /// The first version whose sessions carry node certificates asked for by member.
    public static let certificateExchangeVersion: UInt16 = 11
    /// The oldest version this build still reads and writes. Raise it only
    /// after every node of every cluster runs a build that speaks a newer one;
    /// never lower it below 2 (version 1 is unauthenticated plaintext).
    public static let minimumSupportedVersion: UInt16 = 2

    /// The versions this build reads. Which of them a node speaks depends on its
    /// configuration: version 2 alone without a root key, 3 (and 2 while
    /// upgrading) with one (`PeerIdentity.supportedVersions`).
    public static var supportedVersions: ClosedRange<UInt16> { minimumSupportedVersion...currentVersion }
    /// The versions a node without a root key speaks: the shared-key handshake.
    public static let sharedKeyVersions: ClosedRange<UInt16> = minimumSupportedVersion...minimumSupportedVersion

    /// The first version whose sessions carry messages of `kind`. The sender's
    /// transport drops a message its session's version cannot carry (a version-2
    /// peer may be a build that does not know the kind), and the receiver refuses
    /// one in an older frame.
    public static func minimumVersion(of kind: PeerMessage.Kind) -> UInt16 {
        switch kind {
        case .signedTokenRecords: return identityVersion
        case .decisionDigest, .membershipDecisions: return decisionsVersion
        case .memberDigest, .memberBucketDigests, .memberBucketRecords: return digestMembershipVersion
        case .vectorPull, .vectorAnswer: return digestPullVersion
        case .holidayDigest, .holidaySchedules: return holidaysVersion
        case .historyRequest, .history, .historyHint: return historyImportVersion
        case .provinceMergeDigest, .provinceMerges: return provinceMergesVersion
        case .certificateRequest, .certificates: return certificateExchangeVersion
        default: return minimumSupportedVersion
        }
    }

    /// What a session of `version` carries of `envelope`: its message if the session can
    /// carry it, else its fallback if it can carry that, else nothing (dropped).
    public static func message(of envelope: Envelope, onSessionOf version: UInt16) -> PeerMessage? {
        if version >= minimumVersion(of: envelope.message.kind) { return carried(envelope.message, onSessionOf: version) }
        guard let fallback = envelope.fallback, version >= minimumVersion(of: fallback.kind) else { return nil }
        return carried(fallback, onSessionOf: version)
    }

    /// `message` as a session of `version` can carry it: an event batch without its tagged
    /// events below `provinceTagsVersion` (without their tags they would not verify; the
    /// peer, a build that cannot hold provinces, gets none of them, and an answer it asked
    /// for still comes, if empty). Every other message as it is.
    public static func carried(_ message: PeerMessage, onSessionOf version: UInt16) -> PeerMessage {
        guard version < provinceTagsVersion, case .eventBatch(var batch) = message,
              batch.events.contains(where: { !$0.tags.isEmpty }) else { return message }
        batch.events.removeAll { !$0.tags.isEmpty }
        // What was left out would be sent again at once: the peer must not ask for it again.
        batch.hasMore = false
        return .eventBatch(batch)
    }

    /// The version two sides agree on: the highest in both ranges, or nil when
    /// the ranges do not overlap.
    public static func negotiatedVersion(
        local: ClosedRange<UInt16> = supportedVersions, remote: ClosedRange<UInt16>
    ) -> UInt16? {
        guard local.overlaps(remote) else { return nil }
        return min(local.upperBound, remote.upperBound)
    }
}
