import CaseArguments
import CaseSupport

/// `casectl conflicts [--open]` lists the conflicts replication recorded, with both sides;
/// `casectl conflicts settle CODE --note TEXT [--event ID ...]` records an admin's decision.
enum ConflictsCommand {
    static let settleAction = "settle"

    static let spec = CommandSpec(
        name: "conflicts",
        summary: "List the conflicts replication recorded, or settle them with a replicated step.",
        discussion: """
            Steps taken concurrently at two centres that contradict each other are both kept: \
            the agreed order decides which applies, the other is recorded as a conflict. The \
            listing shows, for each, the step not applied, the winning step, the status that \
            stands, and whether an admin settled it.

            'conflicts settle CODE' records an admin's decision on the dossier's conflicts (all \
            open ones, or those named with --event) as a replicated 'settle' step: every node \
            then shows them settled. The status does not change; to change it, apply a normal \
            step afterwards ('casectl act').
            """,
        options: [
            .flag("open", help: "Only conflicts no admin has settled yet."),
            .value("limit", "N", help: "At most this many dossiers (1-500).", default: "50"),
            .value("offset", "N", help: "Skip this many dossiers (for paging).", default: "0"),
            .value("event", "ID", help: "settle: a conflict event to settle, e.g. n1/7.", default: "every open one", repeatable: true),
            .value("note", "TEXT", help: "settle: what was decided and why (required)."),
        ],
        positionals: [
            PositionalSpec("ACTION", help: "'settle' to settle conflicts of CODE; leave out to list.", optional: true),
            PositionalSpec("CODE", help: "settle: the dossier code.", optional: true),
        ],
        examples: [
            "casectl conflicts",
            "casectl conflicts --open --json",
            "casectl conflicts settle LOCAL-250701-0001 --note 'giữ kết quả đã trả'",
            "casectl conflicts settle LOCAL-250701-0001 --event n1/7 --note 'yêu cầu rút đến sau khi đã giải quyết'",
        ])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        switch arguments.positional("ACTION") {
        case nil:
            try refuse(["event", "note"], in: arguments, reason: "goes with 'conflicts settle CODE'")
            try list(arguments, session)
        case settleAction?:
            guard let code = arguments.positional("CODE") else { throw CasectlUsageError(message: "settle needs the dossier CODE") }
            try refuse(["open", "limit", "offset"], in: arguments, reason: "goes with listing, not with settle")
            try settle(code: code, arguments, session)
        case let other?:
            throw CasectlUsageError(message: "unknown ACTION '\(other)'; expected 'settle', or nothing to list the conflicts")
        }
    }

    /// The listing, each dossier fetched once for the steps its conflicts name.
    static func list(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        var query = ["open=\(arguments.flag("open"))"]
        if let limit = arguments.value("limit") { query.append("limit=\(FindOptions.percentEncoded(limit))") }
        if let offset = arguments.value("offset") { query.append("offset=\(FindOptions.percentEncoded(offset))") }
        let page = try session.client.get("/v1/conflicts?" + query.joined(separator: "&"))
        let items = try (page["items"]?.arrayValue ?? []).map { item in
            let code = item["code"]?.stringValue ?? ""
            return ConflictListing.enrich(item, dossier: try session.client.get("/v1/dossiers/\(FindOptions.percentEncoded(code))"))
        }
        var listing = page.objectValue ?? [:]
        listing["items"] = .array(items)
        let value = JSONValue.object(listing)
        session.output.standard(session.json ? JSONWriter.string(value, pretty: true) : ConflictRendering.table(value))
    }

    static func settle(code: String, _ arguments: ParsedArguments, _ session: CasectlSession) throws {
        guard let note = arguments.value("note") else {
            throw CasectlUsageError(message: "settle needs --note: say what was decided and why")
        }
        var body: [String: JSONValue] = ["action": .string(settleAction), "note": .string(note)]
        let events = arguments.values("event")
        if !events.isEmpty { body["events"] = .array(events.map { .string($0) }) }
        let dossier = try session.client.post("/v1/dossiers/\(FindOptions.percentEncoded(code))/actions", .object(body))
        session.output.standard(session.json ? JSONWriter.string(dossier, pretty: true) : ConflictRendering.settled(dossier))
    }

    private static func refuse(_ options: [String], in arguments: ParsedArguments, reason: String) throws {
        for option in options {
            let given = option == "open" ? arguments.flag(option) : !arguments.values(option).isEmpty
            if given { throw CasectlUsageError(message: "--\(option) \(reason)") }
        }
    }
}
