import CaseCore
import CaseSupport

/// What `casectl verify` found: each member's answer and, when they differ, the dossiers that do.
struct VerifyReport: Equatable, Sendable {
    enum Answer: Equatable, Sendable {
        case digest(MemberDigest)
        case unreachable(String)
        case skipped(String)
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

    /// Whether every member that answered holds the same dossiers.
    var answeredAgree: Bool {
        let answered = self.answered
        return answered.allSatisfy { $0.digest.whole.agrees(with: answered[0].digest.whole) }
    }

    /// Exit 0 only for this: at least one member answered, all agree, none was unreachable.
    var isSuccess: Bool {
        !answered.isEmpty && answeredAgree && unreachable.isEmpty
    }

    /// The one-line conclusion printed last.
    var conclusion: String {
        let answered = self.answered
        guard let first = answered.first else {
            return unreachable.isEmpty ? "no member to compare: every member is retired" : "no member could be asked: \(unreachableSummary)"
        }
        var parts: [String] = []
        if answeredAgree {
            let who = switch (answered.count, unreachable.isEmpty) {
            case (1, true): "the only member"
            case (1, false): "the only reachable member"
            case (_, true): "all \(answered.count) members"
            case (_, false): "the \(answered.count) reachable members"
            }
            parts.append("\(who) \(answered.count == 1 ? "answers" : "agree") (digest \(Self.short(first.digest.whole.digest)), \(first.digest.whole.count) dossiers)")
        } else {
            parts.append(disagreementSummary)
        }
        if !unreachable.isEmpty { parts.append(unreachableSummary) }
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
        }
        return .object(object)
    }
}

extension DossierDifference {
    var json: JSONValue {
        ["code": .string(code), "hashes": .object(hashes.mapValues { $0.map { .string($0.hex) } ?? .null })]
    }
}
