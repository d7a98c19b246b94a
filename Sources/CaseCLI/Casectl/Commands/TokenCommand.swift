import CaseArguments
import CaseCore
import CaseCrypto
import CaseSupport
import CaseSystem
import Foundation

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

            In a cluster with a root key (casenode --root-public-key) a node signs only its own \
            centre's clerk tokens. Admin and monitor tokens are signed here, with an admin key \
            the root certified (--signing-key ADMIN.key --certificate ADMIN.cert) or the root \
            key itself, and posted to the node, which checks the signature; the key never leaves \
            this machine. A revocation is signed the same way, unless the node issued the token. \
            See docs/security-api.md.
            """,
        subcommands: [create, list, revoke],
        examples: [
            "casectl token create --name 'Lê Thị Hoa' --role clerk --centre n1",
            "casectl token create --name 'Trần Văn Nam' --role admin --signing-key admin.key --certificate admin.cert",
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
            .value("secret-file", "FILE", help: "Write the secret to this new file (mode 0600) instead of printing it."),
        ] + TokenSigning.options,
        examples: [
            "casectl token create --name 'Lê Thị Hoa' --role clerk --centre n1",
            "casectl token create --name 'Giám sát Sở' --role monitor --signing-key admin.key --certificate admin.cert",
            "casectl token create --name admin@tinh-79 --role admin --signing-key root.key --cluster-id tinh-79 --secret-file admin.token",
        ])

    static let list = CommandSpec(
        name: "list",
        summary: "List every token, live and revoked (never their secrets).",
        examples: ["casectl token list", "casectl token list --json"])

    static let revoke = CommandSpec(
        name: "revoke",
        summary: "Revoke a token at every node (at once here, at the others as the news spreads).",
        options: TokenSigning.options + [
            .value("issuer", "HEX", help: "With --signing-key: the issuer's public key, when tokens of several issuers share the id."),
        ],
        positionals: [PositionalSpec("ID", help: "The token's id, as 'token list' shows it.")],
        examples: [
            "casectl token revoke 3f9a0c2d1e4b5a69",
            "casectl token revoke 77aa0c2d1e4b5a69 --signing-key admin.key --certificate admin.cert",
        ])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession, readInput: (String) throws -> [UInt8]) throws {
        let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
        switch arguments.commandPath.dropFirst().first {
        case "create"?:
            try runCreate(arguments, session, issuer: try TokenSigning.issuer(arguments, readInput: readInput), nowMs: nowMs)
        case "list"?:
            let answer = try session.client.get("/v1/admin/tokens")
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderList(answer))
        case "revoke"?:
            guard let id = arguments.positional("ID") else { throw CasectlUsageError(message: "missing ID") }
            let body = try revocationBody(id: id, arguments, session, issuer: try TokenSigning.issuer(arguments, readInput: readInput), nowMs: nowMs)
            let answer = try session.client.post("/v1/admin/tokens/\(FindOptions.percentEncoded(id))/revoke", body)
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderRevoked(answer))
        default:
            throw CasectlUsageError(message: "token needs a subcommand: create, list or revoke (see 'casectl token --help')")
        }
    }

    /// Asks the node to mint the token, or, with a signing key, signs it here and posts it.
    private static func runCreate(_ arguments: ParsedArguments, _ session: CasectlSession, issuer: TokenIssuer?, nowMs: Int64) throws {
        guard let name = arguments.value("name") else { throw CasectlUsageError(message: "missing --name") }
        guard let roleText = arguments.value("role") else { throw CasectlUsageError(message: "missing --role (clerk, admin or monitor)") }
        let centre = arguments.value("centre")
        if roleText == TokenRole.clerk.rawValue, centre == nil {
            throw CasectlUsageError(message: "a clerk token needs --centre NODE: the centre it acts for")
        }
        var answer: JSONValue
        if let issuer {
            guard let role = TokenRole(rawValue: roleText) else { throw CasectlUsageError(message: "--role: expected clerk, admin or monitor, got '\(roleText)'") }
            let (record, secret) = try TokenSigning.grant(by: issuer, name: name, role: role, centre: centre, nowMs: nowMs)
            answer = try session.client.post("/v1/admin/tokens", ["record": .string(Hex.encode(record.wireBytes))])
            answer = answer.setting("secret", .string(secret.text))
        } else {
            var body: [String: JSONValue] = ["name": .string(name), "role": .string(roleText)]
            body["centre"] = centre.map { .string($0) }
            answer = try session.client.post("/v1/admin/tokens", .object(body))
        }
        if let path = arguments.value("secret-file") {
            try writeSecret(answer["secret"]?.stringValue ?? "", to: path)
            answer = answer.setting("secret", nil).setting("secretFile", .string(path))
        }
        session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderCreated(answer))
    }

    /// `{}` for the node to revoke; with a signing key, the revocation signed here of the
    /// token `id` as the node lists it.
    private static func revocationBody(id: String, _ arguments: ParsedArguments, _ session: CasectlSession, issuer: TokenIssuer?, nowMs: Int64) throws -> JSONValue {
        guard let issuer else { return .object([:]) }
        let listed = try session.client.get("/v1/admin/tokens")["items"]?.arrayValue ?? []
        let wanted = arguments.value("issuer")
        let matches = listed.filter { item in
            item["id"]?.stringValue == id && (wanted == nil || item["issuer"]?.stringValue == wanted)
        }
        guard let item = matches.first else { throw CasectlFailure(message: "the node knows no token \(id)\(wanted.map { " issued by \($0)" } ?? "")") }
        guard matches.count == 1 else { throw CasectlUsageError(message: "\(matches.count) tokens have id \(id): name the one to revoke with --issuer HEX (see 'token list --json')") }
        return try TokenSigning.revocation(of: item, by: issuer, nowMs: nowMs)
    }

    private static func writeSecret(_ secret: String, to path: String) throws {
        do {
            try PrivateKeyFile.create(path, text: secret + "\n", what: "secret file")
        } catch {
            throw CasectlFailure(message: "the token was created but its secret could not be written: \(error); revoke it and try again")
        }
    }

    static func renderCreated(_ answer: JSONValue) -> String {
        let token = answer["token"] ?? .null
        if let path = answer["secretFile"]?.stringValue {
            return "Created \(describe(token)).\nSecret written to \(path) (mode 0600); it is shown nowhere else."
        }
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
            .init("ID"), .init("NAME", maxWidth: 40), .init("ROLE"), .init("CENTRE"), .init("ISSUED BY", maxWidth: 40), .init("CREATED"), .init("STATE"),
        ])
        for token in answer["items"]?.arrayValue ?? [] {
            table.addRow([
                ViewText.text(token["id"]), ViewText.text(token["name"]), ViewText.text(token["role"]),
                token["centre"]?.stringValue ?? "-", issuedBy(token), ViewText.text(token["createdAt"]), state(token),
            ])
        }
        let total = answer["total"]?.int64Value ?? Int64(table.rows.count)
        return table.render() + "\(total) token(s)"
    }

    /// Who vouches for the token: its signer, or how an unsigned one is held.
    private static func issuedBy(_ token: JSONValue) -> String {
        switch token["provenance"]?.stringValue {
        case "signed"?: return token["issuedBy"]?.stringValue ?? "?"
        case "local"?: return "this node only"
        default: return "-"
        }
    }

    private static func state(_ token: JSONValue) -> String {
        if token["honoured"] == .bool(false) { return "not honoured here (\(token["provenance"]?.stringValue ?? "?"))" }
        return token["revokedAt"]?.stringValue.map { "revoked \($0)" } ?? "live"
    }

    private static func describe(_ token: JSONValue) -> String {
        let role = token["role"]?.stringValue ?? "?"
        let centre = token["centre"]?.stringValue.map { " for centre \($0)" } ?? ""
        return "\(role) token \(token["id"]?.stringValue ?? "?") (\(token["name"]?.stringValue ?? "?"))\(centre)"
    }
}

extension JSONValue {
    /// This object with `key` set to `value`, or without it for nil (a non-object is
    /// returned as it is).
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields[key] = value
        return .object(fields)
    }
}
