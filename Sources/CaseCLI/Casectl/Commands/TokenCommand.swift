import CaseArguments
import CaseCore
import CaseSupport

/// `casectl token create|list|revoke`: an admin manages the cluster's API tokens.
enum TokenCommand {
    static let spec = CommandSpec(
        name: "token",
        summary: "Create, list and revoke API tokens (admin).",
        discussion: """
            Every request to a node carries a token. A clerk token acts only at the node of its \
            centre; a monitor token only reads; an admin token does everything. Tokens are valid \
            at every node of the cluster (the registry replicates), and every change is recorded \
            as the token's name. A token's secret is shown once, when it is created: nodes keep \
            only its SHA-256.
            """,
        subcommands: [create, list, revoke],
        examples: [
            "casectl token create --name 'Lê Thị Hoa' --role clerk --centre n1",
            "casectl token list",
            "casectl token revoke 3f9a0c2d1e4b5a69",
        ])

    static let create = CommandSpec(
        name: "create",
        summary: "Create a token and print its secret (shown only this once).",
        options: [
            .value("name", "NAME", help: "The person or actor it stands for; recorded in the history of every step."),
            .value("role", "ROLE", help: "clerk, admin or monitor."),
            .value("centre", "NODE", help: "clerk: the centre (node id) it acts for; required for clerks."),
        ],
        examples: [
            "casectl token create --name 'Lê Thị Hoa' --role clerk --centre n1",
            "casectl token create --name 'Giám sát Sở' --role monitor",
        ])

    static let list = CommandSpec(
        name: "list",
        summary: "List every token, live and revoked (never their secrets).",
        examples: ["casectl token list", "casectl token list --json"])

    static let revoke = CommandSpec(
        name: "revoke",
        summary: "Revoke a token at every node (at once here, at the others as the news spreads).",
        positionals: [PositionalSpec("ID", help: "The token's id, as 'token list' shows it.")],
        examples: ["casectl token revoke 3f9a0c2d1e4b5a69"])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        switch arguments.commandPath.dropFirst().first {
        case "create"?:
            guard let name = arguments.value("name") else { throw CasectlUsageError(message: "missing --name") }
            guard let role = arguments.value("role") else { throw CasectlUsageError(message: "missing --role (clerk, admin or monitor)") }
            var body: [String: JSONValue] = ["name": .string(name), "role": .string(role)]
            body["centre"] = arguments.value("centre").map { .string($0) }
            if role == TokenRole.clerk.rawValue, body["centre"] == nil {
                throw CasectlUsageError(message: "a clerk token needs --centre NODE: the centre it acts for")
            }
            let answer = try session.client.post("/v1/admin/tokens", .object(body))
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderCreated(answer))
        case "list"?:
            let answer = try session.client.get("/v1/admin/tokens")
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderList(answer))
        case "revoke"?:
            guard let id = arguments.positional("ID") else { throw CasectlUsageError(message: "missing ID") }
            let answer = try session.client.post("/v1/admin/tokens/\(FindOptions.percentEncoded(id))/revoke", .object([:]))
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderRevoked(answer))
        default:
            throw CasectlUsageError(message: "token needs a subcommand: create, list or revoke (see 'casectl token --help')")
        }
    }

    static func renderCreated(_ answer: JSONValue) -> String {
        let token = answer["token"] ?? .null
        return """
            Created \(describe(token)).
            Secret (shown only now; store it where only its holder can read it):
            \(answer["secret"]?.stringValue ?? "?")
            """
    }

    static func renderRevoked(_ token: JSONValue) -> String {
        "Revoked \(describe(token)) at \(token["revokedAt"]?.stringValue ?? "?"); other nodes refuse it once they hear of it (seconds)."
    }

    static func renderList(_ answer: JSONValue) -> String {
        var table = TextTable(columns: [
            .init("ID"), .init("NAME", maxWidth: 40), .init("ROLE"), .init("CENTRE"), .init("CREATED"), .init("STATE"),
        ])
        for token in answer["items"]?.arrayValue ?? [] {
            let revokedAt = token["revokedAt"]?.stringValue
            table.addRow([
                ViewText.text(token["id"]), ViewText.text(token["name"]), ViewText.text(token["role"]),
                token["centre"]?.stringValue ?? "-", ViewText.text(token["createdAt"]),
                revokedAt.map { "revoked \($0)" } ?? "live",
            ])
        }
        let total = answer["total"]?.int64Value ?? Int64(table.rows.count)
        return table.render() + "\(total) token(s)"
    }

    private static func describe(_ token: JSONValue) -> String {
        let role = token["role"]?.stringValue ?? "?"
        let centre = token["centre"]?.stringValue.map { " for centre \($0)" } ?? ""
        return "\(role) token \(token["id"]?.stringValue ?? "?") (\(token["name"]?.stringValue ?? "?"))\(centre)"
    }
}
