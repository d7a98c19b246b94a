import CaseArguments
import CaseCore
import CaseSupport

/// `casectl dossier CODE [--everywhere]`: one dossier's status, version, handling centre and
/// due date on the node, or on every member side by side.
///
/// Exit code: 0 when at least one node holds the dossier (copies that differ are shown, not
/// judged: replication may still be under way, and `casectl verify` is the judge); 1 when
/// no node asked holds it or the given node cannot be reached. A node of a cluster divided
/// into provinces that does not hold it answers `not_held`, naming the province that does:
/// shown as such, not as a dossier that does not exist.
enum DossierCommand {
    static let spec = CommandSpec(
        name: "dossier",
        summary: "Show a dossier's status, version, handling centre and due date, with --everywhere on every member.",
        discussion: """
            Without --everywhere only the node (--node) is asked. With --everywhere the node's \
            member list is read and every member is asked for its copy (3 s each, in parallel) at \
            the address the node vouches for; a member without the dossier shows "—", one that \
            cannot be reached says so, one casectl may not ask is shown as skipped. The header \
            says whether the copies agree and on which fields they differ. The version is the \
            number of events folded into the dossier. A node of a province that does not hold \
            the dossier says which province does and a live member there to ask (its note, and \
            the error when no node asked holds it). Exits 1 when no node asked holds it.
            """,
        options: [.flag("everywhere", help: "Ask every member of the cluster, not only the node.")],
        positionals: [PositionalSpec("CODE", help: "The dossier code, e.g. N1-261122-0001.")],
        examples: ["casectl dossier N1-261122-0001", "casectl dossier N1-261122-0001 --everywhere"])

    /// The fields compared between copies.
    static let comparedFields = ["status", "version", "handlingCentre", "dueAt"]

    static func run(code: String, everywhere: Bool, _ session: CasectlSession) throws {
        let path = "/v1/dossiers/\(FindOptions.percentEncoded(code))"
        let copies: [JSONValue]
        if everywhere {
            copies = try askEveryMember(path: path, session.client)
        } else {
            let health = try session.client.get("/healthz")
            copies = [copy(node: health["node"]?.stringValue ?? session.client.baseURL, state: nil, answer: try askTheNode(session.client, path))]
        }
        let report = json(code: code, everywhere: everywhere, copies: copies)
        guard (report["holders"]?.int64Value ?? 0) > 0 else {
            throw DossierNowhere(
                code: code, asked: copies.filter { $0["reachable"]?.boolValue == true }.count, elsewhere: elsewhere(copies))
        }
        session.output.standard(session.json ? JSONWriter.string(report, pretty: true) : render(report))
    }

    /// What one node said about the dossier.
    enum Answer {
        case found(JSONValue)
        case notHeld
        /// Not held by a node of a divided cluster: its `not_held` error object, which names
        /// the province that holds the dossier when the node can tell.
        case heldElsewhere(JSONValue)
        case unreachable(String)
        /// Not asked (see ``MemberReach``).
        case skipped(String)
    }

    private static func askEveryMember(path: String, _ client: NodeClient) throws -> [JSONValue] {
        let cluster = try client.get("/v1/cluster")
        let entryID = cluster["id"]?.stringValue ?? ""
        let members = ClusterMember.listed(in: cluster, limit: ClusterSurvey.maxProbedMembers).sorted { $0.id < $1.id }
        return ParallelProbes.map(count: members.count) { index in
            let member = members[index]
            let answer: Answer = switch client.reach(member, entryID: entryID, timeoutMs: ClusterSurvey.memberTimeoutMs) {
            case .entry: ask(client, path)
            case .client(let other): ask(other, path)
            case .skipped(let reason): .skipped(reason)
            }
            return copy(node: member.id, state: member.state, answer: answer)
        }
    }

    private static func ask(_ client: NodeClient, _ path: String) -> Answer {
        do {
            return try askTheNode(client, path)
        } catch let refusal as NodeRefusal where refusal.status == 404 {
            return .notHeld
        } catch {
            return .unreachable("\(error)")
        }
    }

    /// The node's copy, or its `not_held` answer; any other refusal is thrown, so that without
    /// --everywhere a plain 404 reads as it always did.
    private static func askTheNode(_ client: NodeClient, _ path: String) throws -> Answer {
        do {
            return .found(try client.get(path))
        } catch let refusal as NodeRefusal where refusal.status == 404 && refusal.body?["error"]?["code"] == "not_held" {
            return .heldElsewhere(refusal.body?["error"] ?? .null)
        }
    }

    /// One row of the report: the node, and its copy's compared fields (or why there is none).
    static func copy(node: String, state: String?, answer: Answer) -> JSONValue {
        var row: [String: JSONValue] = [
            "node": .string(node), "state": state.map { .string($0) } ?? .null,
            "reachable": true, "found": false, "error": .null, "skipped": .null, "notHeld": .null,
        ]
        switch answer {
        case .found(let dossier):
            row["found"] = true
            for field in comparedFields { row[field] = dossier[field] ?? .null }
            row["overdue"] = dossier["overdue"] ?? .null
        case .notHeld:
            break
        case .heldElsewhere(let error):
            row["notHeld"] = [
                "nodeProvince": error["nodeProvince"] ?? .null, "province": error["province"] ?? .null,
                "receivingCentre": error["receivingCentre"] ?? .null, "contact": error["contact"] ?? .null,
            ]
        case .unreachable(let reason):
            row["reachable"] = false
            row["error"] = .string(reason)
        case .skipped(let reason):
            row["reachable"] = false
            row["skipped"] = .string(reason)
        }
        return .object(row)
    }

    // MARK: - The report

    static func json(code: String, everywhere: Bool, copies: [JSONValue]) -> JSONValue {
        let found = copies.filter { $0["found"]?.boolValue == true }
        let differences = comparedFields.filter { field in Set(found.map { JSONWriter.string($0[field] ?? .null) }).count > 1 }
        return [
            "code": .string(code),
            "everywhere": .bool(everywhere),
            "holders": .int(Int64(found.count)),
            "agree": .bool(differences.isEmpty),
            "differences": .array(differences.map { .string($0) }),
            "copies": .array(copies),
        ]
    }

    // MARK: - The table

    static func render(_ report: JSONValue) -> String {
        let copies = report["copies"]?.arrayValue ?? []
        var table = TextTable(columns: [
            .init("Node"), .init("Status"), .init("Version", alignment: .right), .init("Handling"), .init("Due"),
            .init("Note", maxWidth: 80),
        ])
        for copy in copies {
            let held = copy["found"]?.boolValue == true
            table.addRow([
                ViewText.text(copy["node"]),
                held ? ViewText.text(copy["status"]) + (copy["overdue"]?.boolValue == true ? " (OVERDUE)" : "") : ViewText.missing,
                held ? ViewText.text(copy["version"]) : ViewText.missing,
                held ? ViewText.text(copy["handlingCentre"]) : ViewText.missing,
                held ? ViewText.text(copy["dueAt"]) : ViewText.missing,
                note(copy),
            ])
        }
        return header(report, copies: copies) + "\n\n" + ViewText.lines(of: table)
    }

    private static func header(_ report: JSONValue, copies: [JSONValue]) -> String {
        let code = ViewText.text(report["code"])
        guard report["everywhere"]?.boolValue == true else { return "Dossier \(code) on \(ViewText.text(copies.first?["node"]))" }
        let holders = report["holders"]?.int64Value ?? 0
        let reachable = copies.filter { $0["reachable"]?.boolValue == true }.count
        let skipped = copies.filter { $0["skipped"]?.stringValue != nil }.count
        let verdict: String
        if report["agree"]?.boolValue == true {
            verdict = holders == 1 ? "1 copy" : "all \(holders) copies agree"
        } else {
            let fields = (report["differences"]?.arrayValue ?? []).compactMap(\.stringValue)
            verdict = "copies DIFFER in \(fields.joined(separator: ", "))"
        }
        return "Dossier \(code) on \(ViewText.count(Int64(copies.count), "member")) (\(reachable) reachable\(skipped > 0 ? ", \(skipped) skipped" : "")): held by \(holders), \(verdict)"
    }

    private static func note(_ copy: JSONValue) -> String {
        if let reason = copy["skipped"]?.stringValue { return "skipped: \(reason)" }
        if let error = copy["error"]?.stringValue { return "unreachable: \(error)" }
        var parts: [String] = []
        if copy["found"]?.boolValue != true { parts.append(["not held", whereHeld(copy)].compactMap { $0 }.joined(separator: ": ")) }
        if let state = copy["state"]?.stringValue, state != "alive" { parts.append(state) }
        return parts.joined(separator: "; ")
    }

    // MARK: - Held in another province

    /// What a node's `not_held` said of where the dossier is: "province 01 (Thành phố Hà Nội)
    /// holds it, ask p2 at …", or which province the node holds; nil for any other copy.
    static func whereHeld(_ copy: JSONValue) -> String? {
        guard let notHeld = copy["notHeld"], notHeld != .null else { return nil }
        guard let province = notHeld["province"], province != .null else {
            return "this node holds only province \(named(notHeld["nodeProvince"]))"
        }
        let contact = notHeld["contact"].flatMap { contact in
            contact["id"]?.stringValue.map { "ask \($0) at \(ViewText.text(contact["httpAddress"]))" }
        }
        return "province \(named(province)) holds it, " + (contact ?? "no live member of it known")
    }

    /// Where the copies say the dossier is held, for the error when none holds it.
    static func elsewhere(_ copies: [JSONValue]) -> String? {
        let answered = copies.filter { $0["notHeld"].map { $0 != .null } == true }
        // One that names the holding province says more than one that cannot tell.
        let best = answered.first { $0["notHeld"]?["province"].map { $0 != .null } == true } ?? answered.first
        return best.flatMap { copy in whereHeld(copy).map { "\(ViewText.text(copy["node"])) says \($0)" } }
    }

    /// "01 (Thành phố Hà Nội)" from a province object.
    private static func named(_ province: JSONValue?) -> String {
        "\(ViewText.text(province?["code"])) (\(ViewText.text(province?["name"])))"
    }
}

/// No node asked holds the dossier: the answer is bad, so casectl exits 1.
struct DossierNowhere: Error, CustomStringConvertible {
    let code: String
    let asked: Int
    /// Where a node that does not hold it says it is held (`DossierCommand.elsewhere`).
    var elsewhere: String?

    var description: String {
        "dossier \(code) is held by none of the \(asked) reachable \(asked == 1 ? "member" : "members")" + (elsewhere.map { "; \($0)" } ?? "")
    }
}
