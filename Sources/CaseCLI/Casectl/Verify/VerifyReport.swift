import CaseCore
import CaseSupport

/// What `casectl verify` found: each member's answer and, when they differ, the dossiers that do.
struct VerifyReport: Equatable, Sendable {
    enum Answer: Equatable, Sendable {
        case digest(MemberDigest)
        case unreachable(String)
        /// Retired: listed, not compared, no harm done.
        case skipped(String)
        /// Compared members casectl may not ask (see ``MemberReach``): the check is incomplete.
        case notAsked(String)
    }

    struct Member: Equatable, Sendable {
        let member: ClusterMember
        let answer: Answer
    }

    var members: [Member]
    /// Set when the compared members' digests differed and narrowing ran to the end.
    var narrowing: DigestBisection.Outcome?
    /// Set when narrowing stopped because a member failed to answer.
    var narrowingError: String?

    /// The members that answered with their digest, in member order.
    var answered: [(member: ClusterMember, digest: MemberDigest)] {
        members.compactMap { entry in
            guard case .digest(let digest) = entry.answer else { return nil }
            return (entry.member, digest)
        }
    }

    var unreachable: [ClusterMember] {
        members.compactMap { entry in
            guard case .unreachable = entry.answer else { return nil }
            return entry.member
        }
    }

    var notAsked: [ClusterMember] {
        members.compactMap { entry in
            guard case .notAsked = entry.answer else { return nil }
            return entry.member
        }
    }

    /// Whether every member that answered holds the same dossiers.
    var answeredAgree: Bool {
        let answered = self.answered
        return answered.allSatisfy { $0.digest.whole.agrees(with: answered[0].digest.whole) }
    }

    /// Exit 0 only for this: at least one member answered, all agree, none was unreachable or left unasked.
    var isSuccess: Bool {
        !answered.isEmpty && answeredAgree && unreachable.isEmpty && notAsked.isEmpty
    }

    /// The one-line conclusion printed last.
    var conclusion: String {
        let answered = self.answered
        guard let first = answered.first else {
            let missing = [unreachable.isEmpty ? nil : unreachableSummary, notAsked.isEmpty ? nil : notAskedSummary].compactMap { $0 }
            return missing.isEmpty ? "no member to compare: every member is retired" : "no member could be asked: \(missing.joined(separator: "; "))"
        }
        var parts: [String] = []
        if answeredAgree {
            // Who answered: every member, the reachable ones, or the ones casectl asked.
            let count = answered.count
            let who = if !unreachable.isEmpty {
                count == 1 ? "the only reachable member" : "the \(count) reachable members"
            } else if !notAsked.isEmpty {
                count == 1 ? "the only member asked" : "the \(count) members asked"
            } else {
                count == 1 ? "the only member" : "all \(count) members"
            }
            parts.append("\(who) \(answered.count == 1 ? "answers" : "agree") (digest \(Self.short(first.digest.whole.digest)), \(first.digest.whole.count) dossiers)")
        } else {
            parts.append(disagreementSummary)
        }
        if !unreachable.isEmpty { parts.append(unreachableSummary) }
        if !notAsked.isEmpty { parts.append(notAskedSummary) }
        return parts.joined(separator: "; ")
    }

    /// Why the exit code is not 0, in one line; nil on success.
    var failureReason: String? {
        isSuccess ? nil : conclusion
    }

    private var disagreementSummary: String {
        guard let narrowing else {
            return "members disagree; could not narrow down where: \(narrowingError ?? "no answer")"
        }
        let count = narrowing.differences.count
        var text = "members disagree on \(narrowing.truncated ? "more than " : "")\(count) dossier\(count == 1 ? "" : "s")"
        if let first = narrowing.differences.first { text += count == 1 ? " (\(first.code))" : " (first \(first.code))" }
        if !narrowing.unexplained.isEmpty {
            text += "; \(narrowing.unexplained.count) range\(narrowing.unexplained.count == 1 ? "" : "s") changed while compared"
        }
        return text
    }

    private var unreachableSummary: String {
        "\(unreachable.count) unreachable: \(unreachable.map(\.id).joined(separator: ", "))"
    }

    private var notAskedSummary: String {
        "\(notAsked.count) skipped (address not vouched or insecure): \(notAsked.map(\.id).joined(separator: ", "))"
    }

    /// The first 16 hex digits: enough to tell digests apart by eye.
    static func short(_ digest: StateDigest) -> String {
        String(digest.hex.prefix(16))
    }
}

extension VerifyReport {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "ok": .bool(isSuccess),
            "agree": .bool(!answered.isEmpty && answeredAgree),
            "conclusion": .string(conclusion),
            "members": .array(members.map(\.json)),
            "differences": .array((narrowing?.differences ?? []).map(\.json)),
            "truncated": .bool(narrowing?.truncated ?? false),
            "unexplainedRanges": .array((narrowing?.unexplained ?? []).map { ["from": .string($0.from ?? ""), "to": .string($0.to ?? "")] }),
            "requests": .int(Int64(answered.count + unreachable.count + (narrowing?.requests ?? 0))),
        ]
        object["narrowingError"] = narrowingError.map { .string($0) } ?? .null
        return .object(object)
    }
}

extension VerifyReport.Member {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(member.id), "address": .string(member.address), "state": .string(member.state),
        ]
        switch answer {
        case .digest(let digest):
            object["reachable"] = true
            object["count"] = .int(Int64(digest.whole.count))
            object["digest"] = .string(digest.whole.digest.hex)
            object["maintainedDigest"] = .string(digest.maintained.hex)
            object["rowsMatchMaintained"] = digest.rowsMatchMaintained.map { .bool($0) } ?? .null
        case .unreachable(let reason):
            object["reachable"] = false
            object["error"] = .string(reason)
        case .skipped(let reason):
            object["skipped"] = .string(reason)
        case .notAsked(let reason):
            object["reachable"] = false
            object["skipped"] = .string(reason)
        }
        return .object(object)
    }
}

extension DossierDifference {
    var json: JSONValue {
        ["code": .string(code), "hashes": .object(hashes.mapValues { $0.map { .string($0.hex) } ?? .null })]
    }
}
