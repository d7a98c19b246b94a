/// The versions of the peer protocol this build speaks.
///
/// Every frame carries the version it was written in. A connection's opener
/// announces the range it speaks in `Hello`; the acceptor answers with the
/// highest version both speak (`HelloAck.version`) or refuses naming both
/// ranges. The handshake messages themselves (`hello`, `helloAck`, `refuse`)
/// keep one layout in every version, so that any two builds can at least
/// tell each other why they cannot talk.
public enum PeerProtocol {
    /// The version this build writes.
    public static let currentVersion: UInt16 = 1
    /// The oldest version this build still reads and writes. Raise it only
    /// after every node of every cluster runs a build that speaks a newer one.
    public static let minimumSupportedVersion: UInt16 = 1

    /// The versions this build speaks.
    public static var supportedVersions: ClosedRange<UInt16> { minimumSupportedVersion...currentVersion }

    /// The version two sides agree on: the highest in both ranges, or nil when
    /// the ranges do not overlap.
    public static func negotiatedVersion(
        local: ClosedRange<UInt16> = supportedVersions, remote: ClosedRange<UInt16>
    ) -> UInt16? {
        guard local.overlaps(remote) else { return nil }
        return min(local.upperBound, remote.upperBound)
    }
}
