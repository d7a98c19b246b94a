import CaseArguments
import CaseCore
import CaseSupport

/// `casectl log [--origin ID] [--dossier CODE] [--limit N]`: the latest events of a node's log.
enum LogCommand {
    static let spec = CommandSpec(
        name: "log",
        summary: "List the latest events of the node's log, newest first, by origin and dossier.",
        discussion: """
            Every change to a dossier is an event: its origin node and sequence there, when \
            (Vietnam time), the kind (filed or a workflow step), who, at which centre, and what it \
            carried. The node lists the events it holds, its own and those replicated from others, \
            newest first. --json prints the node's answer, with each event's whole payload.
            """,
        options: [
            .value("origin", "ID", help: "Only events written at this node."),
            .value("dossier", "CODE", help: "Only events of this dossier."),
            .value("limit", "N", help: "At most this many events (1-500).", default: "50"),
        ],
        examples: ["casectl log", "casectl log --origin n2 --limit 10", "casectl log --dossier N1-261122-0001 --json"])

    static let maxLimit = 500

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        let answer = try session.client.get("/v1/events" + (try query(from: arguments)))
        session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : render(answer))
    }

    /// The query string of `GET /v1/events`; a limit outside 1-500 is a usage error, caught before asking.
    static func query(from arguments: ParsedArguments) throws -> String {
        var items: [(String, String)] = []
        if let origin = arguments.value("origin") { items.append(("origin", origin)) }
        if let dossier = arguments.value("dossier") { items.append(("dossier", dossier)) }
        if let limit = arguments.value("limit") {
            guard let number = Int(limit), (1...maxLimit).contains(number) else {
                throw CasectlUsageError(message: "--limit must be a whole number from 1 to \(maxLimit), got '\(limit)'")
            }
            items.append(("limit", String(number)))
        }
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\($0.0)=\(FindOptions.percentEncoded($0.1))" }.joined(separator: "&")
    }

    // MARK: - The table

    static func render(_ answer: JSONValue) -> String {
        let items = answer["items"]?.arrayValue ?? []
        var table = TextTable(columns: [
            .init("At"), .init("Event"), .init("Kind"), .init("Dossier"), .init("Centre"), .init("Actor", maxWidth: 24),
            .init("Details", maxWidth: 60),
        ])
        for event in items {
            table.addRow([
                ViewText.text(event["at"]), ViewText.text(event["event"]), ViewText.text(event["kind"]),
                ViewText.text(event["dossier"]), ViewText.text(event["centre"]), ViewText.text(event["actor"]),
                details(event),
            ])
        }
        var filters: [String] = []
        if let origin = answer["origin"]?.stringValue { filters.append("origin \(origin)") }
        if let dossier = answer["dossier"]?.stringValue { filters.append("dossier \(dossier)") }
        let scope = filters.isEmpty ? "" : " (" + filters.joined(separator: ", ") + ")"
        let footer = "\(ViewText.count(Int64(items.count), "event")) of \(ViewText.text(answer["node"]))'s log\(scope), newest first"
        return items.isEmpty ? "No events" + scope + "." : ViewText.lines(of: table) + "\n" + footer
    }

    /// The gist of an event's payload in one short line; `--json` has all of it.
    static func details(_ event: JSONValue) -> String {
        let payload = event["payload"]
        var parts: [String] = []
        if event["kind"]?.stringValue == "filed" {
            parts.append("procedure \(ViewText.text(payload?["procedureCode"]))")
            if let competent = payload?["competentCentre"]?.stringValue, competent != event["centre"]?.stringValue {
                parts.append("for \(competent)")
            }
        }
        if let to = payload?["to"]?.stringValue { parts.append("to \(to)") }
        if let dueMs = payload?["newDueAtMs"]?.int64Value {
            parts.append("due \(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: dueMs)))")
        }
        if let reason = payload?["reason"]?.stringValue { parts.append("reason: \(reason)") }
        if let note = payload?["note"]?.stringValue { parts.append("note: \(note)") }
        return parts.joined(separator: "; ")
    }
}
