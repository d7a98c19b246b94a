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
/// whole vectors as before, by the same fallback. Version 1 sent citizens'
/// data in plaintext to anyone who asked, so there is no downgrade to it.
public enum PeerProtocol {
    /// The version this build writes.
    public static let currentVersion: UInt16 = digestPullVersion
    /// The first version with node certificates: a node configured with a root
    /// key speaks it, and version 2 only while it accepts legacy peers.
    public static let identityVersion: UInt16 = 3
    /// The first version whose sessions carry the root's membership decisions.
    public static let decisionsVersion: UInt16 = 4
    /// The first version whose sessions carry the digest-first member-list exchange.
    public static let digestMembershipVersion: UInt16 = 5
    /// The first version whose sessions carry digest-first pulls (version vectors summarized).
    public static let digestPullVersion: UInt16 = 6
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
        default: return minimumSupportedVersion
        }
    }

    /// What a session of `version` carries of `envelope`: its message if the session can
    /// carry it, else its fallback if it can carry that, else nothing (dropped).
    public static func message(of envelope: Envelope, onSessionOf version: UInt16) -> PeerMessage? {
        if version >= minimumVersion(of: envelope.message.kind) { return envelope.message }
        guard let fallback = envelope.fallback, version >= minimumVersion(of: fallback.kind) else { return nil }
        return fallback
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
