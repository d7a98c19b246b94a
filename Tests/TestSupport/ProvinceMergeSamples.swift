import CaseCore

/// Province mergers signed by `SignedTokenSamples.root` for its cluster, for tests.
public enum ProvinceMergeSamples {
    /// 2026-10-14T03:00:00Z.
    public static let issuedAtMs: Int64 = 1_791_946_800_000

    /// The root's merger of `from` into `into` (province codes).
    public static func merge(
        _ from: String, into: String, atMs: Int64 = issuedAtMs, clusterID: String = SignedTokenSamples.clusterID
    ) throws -> ProvinceMerge {
        try ProvinceMerge.sign(ProvinceCode(from)!, into: ProvinceCode(into)!, clusterID: clusterID, issuedAtMs: atMs, by: SignedTokenSamples.root)
    }
}
