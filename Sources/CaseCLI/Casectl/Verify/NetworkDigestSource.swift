import CaseCore

/// The members' digests over HTTP: one `NodeClient` per member.
struct NetworkDigestSource: RangeDigestSource {
    /// Each exchange's time limit. Why 5 minutes: a digest of a whole node hashes every
    /// stored dossier (a million of ~2 KB is 2 GB, tens of seconds even on a slow disk);
    /// an answer later than this means the node is in trouble.
    static let digestTimeoutMs = 300_000

    /// A client per member casectl may ask (with `digestTimeoutMs`), by member id.
    let clients: [String: NodeClient]

    func memberDigest(of member: String) throws -> MemberDigest {
        try DigestAnswers.memberDigest(try client(member).get(DigestAnswers.digestPath(.all, parts: 1)))
    }

    func parts(of range: CodeRange, count parts: Int, on member: String) throws -> [RangeDigest] {
        let answer = try client(member).get(DigestAnswers.digestPath(range, parts: parts))
        return try DigestAnswers.parts(answer, range: range, maxParts: parts)
    }

    func hashes(in range: CodeRange, on member: String) throws -> [String: StateDigest] {
        try DigestAnswers.hashes(try client(member).get(DigestAnswers.dossiersPath(range)), range: range)
    }

    private func client(_ member: String) throws -> NodeClient {
        guard let client = clients[member] else { throw MemberNotAsked(member: member) }
        return client
    }
}

/// A member without a client: casectl may not ask it (see ``MemberReach``).
struct MemberNotAsked: Error, CustomStringConvertible {
    let member: String
    var description: String { "\(member) is not asked: its address is not vouched for or not safe" }
}
