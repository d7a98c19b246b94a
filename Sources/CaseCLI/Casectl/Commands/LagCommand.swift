import CaseArguments
import CaseSupport

/// `casectl lag`: the replication matrix, how many events each member lacks from each origin.
///
/// Exit code: 0 whenever the given node answered (lag is what the view shows, not an
/// error); 1 when it cannot be reached.
enum LagCommand {
    static let spec = CommandSpec(
        name: "lag",
        summary: "Show how many events each member lacks from each origin, the worst marked with *.",
        discussion: """
            Rows are members, columns are origins (the nodes that wrote events). A cell counts the \
            events of that origin the member lacks compared with the most any node is known to \
            hold. A member that cannot be reached is shown as its peers last saw it. The cells \
            with the largest count are marked with *. With more than \(maxMatrixOrigins) origins \
            the lacking cells are listed one per line instead. In a cluster divided into provinces \
            each province has its own matrix (its nodes hold its streams only: an origin of another \
            province appears as ORIGIN@CODE, its events tagged with this province); --province \
            shows one. Exits 0 whenever the node answered.
            """,
        options: [
            .value("province", "CODE", help: "Show the matrix of this province only (a two-digit code, e.g. 79).", default: "every province"),
        ],
        examples: ["casectl lag", "casectl lag --json", "casectl lag --province 01"])

    /// More origin columns than this do not fit a terminal (each takes about 8 cells); a list is read instead.
    static let maxMatrixOrigins = 12

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        let survey = try ClusterSurvey.take(from: session.client)
        let provinces = try survey.province(arguments.value("province")).map { [$0] } ?? survey.provinces
        guard !provinces.isEmpty else {
            let report = json(ClusterPicture(survey))
            session.output.standard(session.json ? JSONWriter.string(report, pretty: true) : render(report))
            return
        }
        let reports = provinces.map { province in (province, json(ClusterPicture(survey.restricted(to: province)))) }
        if session.json {
            session.output.standard(JSONWriter.string(.object(["provinces": .array(reports.map { province, report in
                var object = report.objectValue ?? [:]
                object["province"] = .string(province)
                return .object(object)
            })]), pretty: true))
        } else {
            session.output.standard(reports.map { ProvinceOption.title($0) + ":\n\n" + render($1) }.joined(separator: "\n\n"))
        }
    }

    // MARK: - The report

    static func json(_ picture: ClusterPicture) -> JSONValue {
        let origins = picture.known.origins
        let lacking: [(ClusterPicture.Member, [String: Int64]?)] = picture.members.map { member in
            (member, member.vector.map { vector in
                Dictionary(uniqueKeysWithValues: origins.map { ($0, max(0, picture.known[$0] - vector[$0])) })
            })
        }
        let worst = lacking.compactMap(\.1).flatMap(\.values).max() ?? 0
        let rows: [JSONValue] = lacking.map { member, missing in
            [
                "member": .string(member.id),
                "state": .string(member.state),
                "reachable": .bool(member.isReachable),
                "skipped": member.skipped.map { .string($0) } ?? .null,
                "progressSource": member.vector == nil ? .null : .string(member.vectorIsOwn ? "own" : "peers"),
                "missing": missing.map { .object($0.mapValues { .int($0) }) } ?? .null,
                "total": missing.map { .int($0.values.reduce(0, +)) } ?? .null,
                "worst": .array(worst > 0 ? (missing ?? [:]).filter { $0.value == worst }.keys.sorted().map { .string($0) } : []),
            ]
        }
        return [
            "clusterId": .string(picture.clusterID),
            "node": .string(picture.entryID),
            "at": picture.at.map { .string($0) } ?? .null,
            "origins": .array(origins.map { .string($0) }),
            "known": StatusCommand.vectorJSON(picture.known),
            "worstMissing": .int(worst),
            "rows": .array(rows),
        ]
    }

    // MARK: - The table

    static func render(_ report: JSONValue) -> String {
        let origins = (report["origins"]?.arrayValue ?? []).compactMap(\.stringValue)
        let rows = report["rows"]?.arrayValue ?? []
        let worst = report["worstMissing"]?.int64Value ?? 0
        let header = """
            Replication lag in cluster \(ViewText.text(report["clusterId"])), seen from \(ViewText.text(report["node"])) \
            at \(ViewText.text(report["at"])): events each member lacks, by origin
            """
        let body = origins.count <= maxMatrixOrigins ? matrix(rows, origins: origins) : list(rows)
        return header + "\n\n" + body + "\n" + legend(rows, worst: worst)
    }

    private static func matrix(_ rows: [JSONValue], origins: [String]) -> String {
        var table = TextTable(columns: [.init("Member")] + origins.map { .init($0, alignment: .right) } + [
            .init("Total", alignment: .right), .init("Note", maxWidth: 60),
        ])
        for row in rows {
            let worst = Set((row["worst"]?.arrayValue ?? []).compactMap(\.stringValue))
            let cells = origins.map { origin -> String in
                guard let count = row["missing"]?[origin]?.int64Value else { return "?" }
                return worst.contains(origin) ? "*\(count)" : String(count)
            }
            table.addRow([ViewText.text(row["member"])] + cells + [total(row), note(row)])
        }
        return ViewText.lines(of: table)
    }

    /// One line per lacking cell, largest first: for clusters with many origins.
    private static func list(_ rows: [JSONValue]) -> String {
        var table = TextTable(columns: [
            .init("Member"), .init("Origin"), .init("Lacks", alignment: .right), .init("Note", maxWidth: 60),
        ])
        var cells: [(member: String, origin: String, count: Int64, worst: Bool, note: String)] = []
        for row in rows {
            let member = ViewText.text(row["member"])
            let worst = Set((row["worst"]?.arrayValue ?? []).compactMap(\.stringValue))
            guard let missing = row["missing"]?.objectValue else {
                cells.append((member, ViewText.missing, -1, false, note(row).isEmpty ? "progress unknown" : note(row)))
                continue
            }
            for (origin, value) in missing {
                guard let count = value.int64Value, count > 0 else { continue }
                cells.append((member, origin, count, worst.contains(origin), note(row)))
            }
        }
        cells.sort { ($0.count, $1.member, $1.origin) > ($1.count, $0.member, $0.origin) }
        for cell in cells {
            let count = cell.count < 0 ? "?" : (cell.worst ? "*" : "") + String(cell.count)
            table.addRow([cell.member, cell.origin, count, cell.note])
        }
        return cells.isEmpty ? "No member lacks any event." : ViewText.lines(of: table)
    }

    private static func total(_ row: JSONValue) -> String {
        row["total"]?.int64Value.map(String.init) ?? "?"
    }

    private static func note(_ row: JSONValue) -> String {
        var parts: [String] = []
        if let state = row["state"]?.stringValue, state != "alive" { parts.append(state) }
        if row["skipped"]?.stringValue != nil {
            parts.append("skipped")
        } else if row["reachable"]?.boolValue == false {
            parts.append("unreachable")
        }
        switch row["progressSource"]?.stringValue {
        case "peers": parts.append("as its peers last saw it")
        case nil: parts.append("progress unknown")
        default: break
        }
        return parts.joined(separator: ", ")
    }

    private static func legend(_ rows: [JSONValue], worst: Int64) -> String {
        let unknown = rows.filter { $0["missing"]?.objectValue == nil }.map { ViewText.text($0["member"]) }
        guard worst > 0 else {
            return unknown.isEmpty
                ? "Every member holds every event known to exist."
                : "No member is known to lack an event; progress unknown for \(unknown.joined(separator: ", "))."
        }
        let cells = rows.flatMap { row in
            (row["worst"]?.arrayValue ?? []).compactMap(\.stringValue).map { "\(ViewText.text(row["member"])) from \($0)" }
        }
        return "* worst: lacks \(ViewText.count(worst, "event")) (\(cells.joined(separator: ", ")))"
    }
}
