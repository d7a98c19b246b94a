import CaseArguments
import CaseCore
import CaseStorage
import CaseSupport

/// `casectl audit`: checks every stored event's chain link and signature, on a running
/// node (`GET /v1/admin/audit`) or, offline, in a database or backup file.
enum AuditCommand {
    static let spec = CommandSpec(
        name: "audit",
        summary: "Check every stored event's signature and chain link, on a node or in a backup file.",
        discussion: """
            Each event's chain link is computed again from its stored bytes and each signature \
            is checked against the node certificates the cluster root signed (docs/security-peers.md). \
            Without --file, the node asked audits its own database with the root key it runs with. \
            With --file, casectl opens the file read-only itself and needs --root-public-key to \
            check signatures (without it, only the chain links). Exits 0 when every event checks \
            out, 1 naming the events that do not.
            """,
        options: [
            .value("file", "PATH", help: "Audit this database or backup file instead of asking a node."),
            .value("root-public-key", "HEX", help: "With --file: the cluster root's public key (casectl root show)."),
            .value("cluster-id", "NAME", help: "With --file: the cluster id its certificates name.", default: "casestore"),
        ],
        examples: [
            "casectl audit",
            "casectl audit --file backups/casestore-2026-11-21.sqlite --root-public-key HEX --cluster-id tinh-79",
        ])

    static func runOnNode(_ session: CasectlSession) throws {
        let answer = try session.client.get("/v1/admin/audit")
        try report(answer, json: session.json, output: session.output)
    }

    static func runOnFile(_ arguments: ParsedArguments, output: Casectl.Output, json: Bool) throws {
        guard let path = arguments.value("file") else { throw CasectlUsageError(message: "missing --file") }
        var root: SigningPublicKey?
        if let hex = arguments.value("root-public-key") {
            guard let key = SigningPublicKey(hex: hex) else { throw CasectlUsageError(message: "--root-public-key: expected 64 hexadecimal digits") }
            root = key
        }
        let audit = try CaseStoreFileAudit.audit(path: path, root: root, clusterID: arguments.value("cluster-id") ?? "casestore")
        try report(audit.json, json: json, output: output)
    }

    /// Prints the report; throws (exit 1) when any event fails.
    static func report(_ answer: JSONValue, json: Bool, output: Casectl.Output) throws {
        output.standard(json ? JSONWriter.string(answer, pretty: true) : render(answer))
        let failing = answer["findingCount"]?.int64Value ?? 0
        if failing > 0 { throw AuditFailure(count: failing) }
    }

    static func render(_ answer: JSONValue) -> String {
        func number(_ key: String) -> Int64 { answer[key]?.int64Value ?? 0 }
        var lines = ["\(number("events")) events of \(number("origins")) origins; \(number("signatures")) signed, \(number("unsigned")) unsigned."]
        if answer["signaturesChecked"]?.boolValue == true {
            lines.append(number("uncovered") == 0
                ? "Every unsigned event is vouched for by a later signature of its origin."
                : "\(number("uncovered")) unsigned events come after their origin's last signature: nothing vouches for them yet.")
        } else {
            lines.append("Signatures not checked: no root key (give --root-public-key, or run the node with one).")
        }
        let findings = answer["findings"]?.arrayValue ?? []
        if findings.isEmpty {
            lines.append("OK: every chain link matches its event\(answer["signaturesChecked"]?.boolValue == true ? " and every signature verifies" : "").")
        } else {
            lines.append("FAILED: \(number("findingCount")) events fail:")
            for finding in findings {
                lines.append("  \(finding["event"]?.stringValue ?? "?"): \(finding["problem"]?.stringValue ?? "?")")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The audit found events that fail; the report is printed already.
struct AuditFailure: Error, CustomStringConvertible {
    let count: Int64
    var description: String { "\(count) events fail the audit" }
}
