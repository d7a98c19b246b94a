import CaseCore

/// `casectl verify`'s table: members, the differing dossiers, and the conclusion.
enum VerifyRendering {
    static func render(_ report: VerifyReport) -> String {
        var blocks = [table(of: report.members)]
        if let narrowing = report.narrowing {
            let members = report.answered.map(\.member.id)
            if !narrowing.differences.isEmpty {
                let heading = "Differing dossiers\(narrowing.truncated ? " (the first \(narrowing.differences.count))" : ""):"
                blocks.append(heading + "\n" + table(of: narrowing.differences, members: members))
            }
            if !narrowing.unexplained.isEmpty {
                let ranges = narrowing.unexplained.map(\.description).joined(separator: ", ")
                blocks.append("Ranges that differed but matched dossier by dossier (members changed meanwhile; run again): \(ranges)")
            }
        }
        if let error = report.narrowingError { blocks.append("Narrowing stopped: \(error)") }
        blocks.append(report.conclusion)
        return blocks.joined(separator: "\n\n")
    }

    private static func table(of members: [VerifyReport.Member]) -> String {
        var table = TextTable(columns: [
            .init("Member"), .init("Address"), .init("State"), .init("Dossiers", alignment: .right), .init("Digest"),
            .init("Note", maxWidth: 80),
        ])
        for entry in members {
            let member = entry.member
            switch entry.answer {
            case .digest(let digest):
                let note = digest.rowsMatchMaintained == false
                    ? "its rows do not add up to its maintained digest: changed outside casenode?" : ""
                table.addRow([member.id, member.address, member.state, String(digest.whole.count), VerifyReport.short(digest.whole.digest), note])
            case .unreachable(let reason):
                table.addRow([member.id, member.address, member.state, "", "", "unreachable: \(reason)"])
            case .skipped(let reason):
                table.addRow([member.id, member.address, member.state, "", "", reason])
            case .notAsked(let reason):
                table.addRow([member.id, member.address, member.state, "", "", "skipped: \(reason)"])
            }
        }
        return lines(of: table)
    }

    /// One row per distinct state of each dossier, naming the members holding it: a
    /// cluster of any size fits, and the majority's version comes first.
    private static func table(of differences: [DossierDifference], members: [String]) -> String {
        var table = TextTable(columns: [.init("Code"), .init("State hash"), .init("Members", maxWidth: 100)])
        for difference in differences {
            for (index, group) in groups(of: difference, members: members).enumerated() {
                table.addRow([index == 0 ? difference.code : "", group.hash.map(VerifyReport.short) ?? "absent", group.members.joined(separator: ", ")])
            }
        }
        return lines(of: table)
    }

    /// The members by the hash they hold (nil: absent), largest group first, absent last.
    static func groups(of difference: DossierDifference, members: [String]) -> [(hash: StateDigest?, members: [String])] {
        var byHash: [StateDigest?: [String]] = [:]
        for member in members { byHash[difference.hashes[member] ?? nil, default: []].append(member) }
        return byHash.map { (hash: $0.key, members: $0.value) }.sorted { lhs, rhs in
            if (lhs.hash == nil) != (rhs.hash == nil) { return rhs.hash == nil }
            if lhs.members.count != rhs.members.count { return lhs.members.count > rhs.members.count }
            return (lhs.hash?.hex ?? "") < (rhs.hash?.hex ?? "")
        }
    }

    /// A table's lines without the final newline (casectl's output adds one).
    static func lines(of table: TextTable) -> String {
        let rendered = table.render()
        return rendered.hasSuffix("\n") ? String(rendered.dropLast()) : rendered
    }
}
