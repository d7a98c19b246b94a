import CaseCore

/// The members' digests over HTTP: one `NodeClient` per member.
struct NetworkDigestSource: RangeDigestSource {
    /// Each exchange's time limit. Why 5 minutes: a digest of a whole node hashes every
    /// stored dossier (a million of ~2 KB is 2 GB, tens of seconds even on a slow disk);
    /// an answer later than this means the node is in trouble.
    static let digestTimeoutMs = 300_000

    let clients: [String: NodeClient]

    /// A client per member; a member whose address is not a usable URL gets none and is
    /// reported unreachable (`failures`) rather than stopping the whole check.
    init(members: [ClusterMember], token: String?) {
        var clients: [String: NodeClient] = [:]
        var failures: [String: String] = [:]
        for member in members {
            do {
                clients[member.id] = try NodeClient(baseURL: member.baseURL, timeoutMs: Self.digestTimeoutMs, token: token)
            } catch {
                failures[member.id] = "\(error)"
            }
        }
        self.clients = clients
        self.addressFailures = failures
    }

    /// Why a member has no client: its address, by member id.
    let addressFailures: [String: String]

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
        guard let client = clients[member] else {
            throw UnusableMemberAddress(reason: addressFailures[member] ?? "not a member")
        }
        return client
    }
}

/// A member's advertised HTTP address is not something casectl can connect to.
struct UnusableMemberAddress: Error, CustomStringConvertible {
    let reason: String
    var description: String { "its address cannot be used: \(reason)" }
}
