import CaseCore

/// Where `DigestBisection` gets its answers: each member's digests by code range.
/// The network implementation asks the members' `/v1/digest` endpoints; tests answer
/// from dictionaries, so the narrowing is checked without any node.
protocol RangeDigestSource: Sendable {
    /// `member`'s digest of every code, with the digest it maintains (see `GET /v1/digest`).
    func memberDigest(of member: String) throws -> MemberDigest

    /// The digests of `range` on `member`, split into up to `parts` consecutive parts
    /// that cover the range exactly (see `GET /v1/digest`).
    func parts(of range: CodeRange, count parts: Int, on member: String) throws -> [RangeDigest]

    /// Each dossier's state hash in `range` on `member`, by code (see `GET /v1/digest/dossiers`).
    func hashes(in range: CodeRange, on member: String) throws -> [String: StateDigest]
}

/// A member that failed to answer while ranges were being narrowed.
struct MemberQueryFailure: Error, CustomStringConvertible {
    let member: String
    let underlying: any Error

    var description: String { "\(member): \(underlying)" }
}
