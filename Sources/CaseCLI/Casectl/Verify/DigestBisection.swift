import CaseCore

/// Narrows a disagreement between members down to the dossiers that differ, by
/// comparing digests of ever smaller code ranges: never shipping all hashes.
///
/// A range where every member has the same count and digest is settled. A range that
/// differs is listed dossier by dossier once every member holds few enough in it;
/// otherwise the member holding the most there (the reference) splits it into parts
/// at its own codes, every other member gives its digest of exactly those parts, and
/// each differing part is narrowed in turn. The parts cover the range exactly, so a
/// dossier the reference lacks still falls in one of them.
///
/// Cost for one differing dossier among a million, 16 parts a round and lists of up to
/// 500: about four rounds, each member scanning roughly its rows once in total, plus
/// one list of at most 500 hashes per member.
struct DigestBisection {
    struct Limits: Equatable, Sendable {
        /// Parts a differing range is split into each round (1...64, see `GET /v1/digest`).
        var partsPerRound = 16
        /// A differing range is listed dossier by dossier once no member holds more than this
        /// (at most `GET /v1/digest/dossiers`'s 1,000). Why 500: a list is ~35 KB per member,
        /// and a smaller one would cost another round of requests to every member.
        var listThreshold = 500
        /// The most differing dossiers reported. Why 1,000: enough to see the pattern; beyond
        /// it (a member far behind, a wrong backup) the answer is "re-sync", not a longer list.
        var maxDifferences = 1_000
        /// The deepest split: with 16 parts a round, 40 rounds would narrow far more rows than
        /// any node holds; deeper means members keep changing under us, so stop and say so.
        var maxDepth = 40
    }

    /// What narrowing found.
    struct Outcome: Equatable, Sendable {
        /// The differing dossiers in code order (at most `Limits.maxDifferences`).
        var differences: [DossierDifference] = []
        /// True when more dossiers differ than were listed.
        var truncated = false
        /// Ranges whose digests differed but whose dossiers matched when listed, or that were
        /// still too large at the deepest split: members changed while being compared.
        var unexplained: [CodeRange] = []
        /// Requests made to members.
        var requests = 0
    }

    let members: [String]
    let source: any RangeDigestSource
    let limits: Limits

    init(members: [String], source: any RangeDigestSource, limits: Limits = Limits()) {
        precondition(!members.isEmpty, "narrowing needs at least one member")
        precondition((1...CaseStoreLimits.maxDigestParts).contains(limits.partsPerRound), "partsPerRound must be 1...64")
        precondition(limits.partsPerRound >= 2, "a round must split a range in two or more parts to narrow it")
        precondition((1...CaseStoreLimits.maxListedDossierHashes).contains(limits.listThreshold), "listThreshold must be 1...1000")
        self.members = members
        self.source = source
        self.limits = limits
    }

    /// Narrows `range`, given each member's digest of it (every member must have one).
    func narrow(_ range: CodeRange = .all, summaries: [String: RangeDigest]) throws -> Outcome {
        precondition(members.allSatisfy { summaries[$0] != nil }, "every member needs a digest of the range")
        var outcome = Outcome()
        try visit(range, summaries: summaries, depth: 0, into: &outcome)
        return outcome
    }

    private func visit(_ range: CodeRange, summaries: [String: RangeDigest], depth: Int, into outcome: inout Outcome) throws {
        let first = summaries[members[0]]!
        guard !members.allSatisfy({ summaries[$0]!.agrees(with: first) }) else { return }
        guard !outcome.truncated else { return }
        let largest = members.max { summaries[$0]!.count < summaries[$1]!.count }!
        let largestCount = summaries[largest]!.count
        if largestCount <= limits.listThreshold {
            return try list(range, into: &outcome)
        }
        guard depth < limits.maxDepth else {
            outcome.unexplained.append(range)
            return
        }
        let source = self.source
        let partsPerRound = limits.partsPerRound
        outcome.requests += 1
        let parts: [RangeDigest]
        do {
            parts = try source.parts(of: range, count: partsPerRound, on: largest)
        } catch {
            throw MemberQueryFailure(member: largest, underlying: error)
        }
        let others = members.filter { $0 != largest }
        for part in parts {
            outcome.requests += others.count
            var partSummaries = try ParallelCalls.all(others) { member in
                try Self.single(source.parts(of: part.range, count: 1, on: member), range: part.range)
            }
            partSummaries[largest] = part
            try visit(part.range, summaries: partSummaries, depth: depth + 1, into: &outcome)
        }
    }

    /// Compares the range's dossiers one by one on every member.
    private func list(_ range: CodeRange, into outcome: inout Outcome) throws {
        let source = self.source
        outcome.requests += members.count
        let hashes = try ParallelCalls.all(members) { member in try source.hashes(in: range, on: member) }
        let codes = Set(hashes.values.flatMap(\.keys)).sorted(by: CodeRange.precedes)
        var found = false
        for code in codes {
            let held = Dictionary(uniqueKeysWithValues: members.map { ($0, hashes[$0]![code]) })
            let first = held[members[0]]!
            guard members.contains(where: { held[$0]! != first }) else { continue }
            found = true
            guard outcome.differences.count < limits.maxDifferences else {
                outcome.truncated = true
                return
            }
            outcome.differences.append(DossierDifference(code: code, hashes: held))
        }
        if !found { outcome.unexplained.append(range) }
    }

    /// A one-part answer's only part, checked: a member that answers otherwise is broken.
    static func single(_ parts: [RangeDigest], range: CodeRange) throws -> RangeDigest {
        guard parts.count == 1, parts[0].range == range else {
            throw MalformedDigestAnswer(message: "asked for one part of \(range), got \(parts.count) parts")
        }
        return parts[0]
    }
}

/// A member answered a digest request with something that does not fit the question.
struct MalformedDigestAnswer: Error, CustomStringConvertible {
    let message: String
    var description: String { "malformed digest answer: \(message)" }
}

/// The node's limits on digest requests, as casectl must respect them
/// (`CaseStoreReader.maxDigestParts` and `maxListedDossierHashes`; CaseCLI does not link CaseStorage).
enum CaseStoreLimits {
    static let maxDigestParts = 64
    static let maxListedDossierHashes = 1_000
}
