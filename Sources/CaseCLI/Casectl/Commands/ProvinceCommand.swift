import CaseArguments
import CaseCore
import CaseSupport
import Foundation

/// `casectl province merge|show`: the cluster root merges one province into another (as the
/// 2025 reform merged 63 provinces into 34), signed here; every node follows it
/// (docs/provinces.md, "Mergers").
enum ProvinceCommand {
    static let spec = CommandSpec(
        name: "province",
        summary: "Merge a province into another, signed by the cluster root, or show the node's province and the mergers it holds.",
        discussion: """
            'province merge A --into B' signs with the root key here that province A's centres \
            are centres of B from now on, and sends it to the node, which checks the signature, \
            keeps it and passes it to every member. Each side then receives the other's \
            dossiers (the nodes of A and B hold both provinces' streams, pulled from the first \
            event); nothing is re-tagged and nothing is lost; new events of A's centres are \
            written for B. Merging again is harmless: the same outcome. A cluster whose nodes \
            run without a province (00) becomes a province by merging 00 into it once every \
            node is certified for it. Every node of A and B must run a build that speaks peer \
            protocol 10 first. See docs/provinces.md.
            """,
        subcommands: [merge, show],
        examples: [
            "casectl province merge 79 --into 01 --root-key root.key",
            "casectl province show",
        ])

    static let merge = CommandSpec(
        name: "merge",
        summary: "Sign with the root key (here) that province FROM is merged into --into, and send it to the node.",
        options: [
            .value("into", "CODE", help: "The province FROM joins (a code such as 01 or 79)."),
            IdentityCommands.signingRootKeyOption,
        ],
        positionals: [PositionalSpec("FROM", help: "The province merged away: a code such as 79, or 00 for nodes that never named one.")],
        examples: ["casectl province merge 79 --into 01 --root-key root.key"])

    static let show = CommandSpec(
        name: "show",
        summary: "The node's province (as certified and now), the provinces whose streams it follows, and every merger it holds.",
        examples: ["casectl province show", "casectl province show --json"])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        switch arguments.commandPath.dropFirst().first {
        case "merge"?:
            let from = try code(arguments.positional("FROM"), "FROM")
            let into = try code(arguments.value("into"), "--into")
            // Run again, it changes nothing: a merger held is not signed anew (a new date would
            // replace it everywhere for nothing).
            let held = try session.client.get("/v1/provinces")
            if let merge = (held["merges"]?.arrayValue ?? []).first(where: { $0["from"]?["code"]?.stringValue == from.rawValue }) {
                let heldInto = merge["into"]?["code"]?.stringValue ?? "?"
                guard heldInto == into.rawValue else {
                    throw CasectlUsageError(message: "province \(from) is merged into \(heldInto) already; merging it elsewhere is not supported")
                }
                session.output.standard(session.json ? JSONWriter.string(held, pretty: true) : "The node already holds the merger of \(label(from.rawValue, from.name)) into \(label(into.rawValue, into.name)).")
                return
            }
            let root = try IdentityCommands.readRootKey(arguments)
            let signed: ProvinceMerge
            do {
                signed = try ProvinceMerge.sign(
                    from, into: into, clusterID: try DecisionSigning.clusterID(session), issuedAtMs: Int64(Date().timeIntervalSince1970 * 1_000), by: root)
            } catch let issue as ValidationIssue {
                throw CasectlUsageError(message: issue.message)
            }
            let answer = try session.client.post("/v1/admin/province-merges", ["merge": .string(signed.text)])
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderMerged(answer, signed))
        case "show"?:
            let answer = try session.client.get("/v1/provinces")
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderShown(answer))
        default:
            throw CasectlUsageError(message: "province needs a subcommand: merge or show (see 'casectl province --help')")
        }
    }

    /// A province code as the admin typed it, checked before anything is signed.
    static func code(_ text: String?, _ name: String) throws -> ProvinceCode {
        guard let text else { throw CasectlUsageError(message: "missing \(name)") }
        guard let code = ProvinceCode(text) else {
            throw CasectlUsageError(message: "\(name): '\(text.prefix(10))' is not one of the 34 province codes (01 Hà Nội, 79 Hồ Chí Minh, …) or 00")
        }
        return code
    }

    /// "01 (Thành phố Hà Nội)"; "00 (no province)", whose name is in brackets already.
    static func label(_ code: String, _ name: String) -> String {
        name.hasPrefix("(") ? "\(code) \(name)" : "\(code) (\(name))"
    }

    static func renderMerged(_ answer: JSONValue, _ merge: ProvinceMerge) -> String {
        let what = "\(label(merge.from.rawValue, merge.from.name)) into \(label(merge.into.rawValue, merge.into.name))"
        guard answer["unchanged"]?.boolValue != true else { return "The node already holds the merger of \(what)." }
        return "Merged province \(what); every node follows it as it spreads, and the nodes of both receive each other's dossiers."
    }

    static func renderShown(_ answer: JSONValue) -> String {
        guard answer["divided"]?.boolValue == true else { return "This node runs without a province: it holds every dossier." }
        let name = { (value: JSONValue?) in label(value?["code"]?.stringValue ?? "?", value?["name"]?.stringValue ?? "?") }
        var text = "Province: \(name(answer["province"]))"
        if answer["certifiedProvince"]?["code"] != answer["province"]?["code"] { text += ", certified for \(name(answer["certifiedProvince"]))" }
        let follows = answer["follows"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        text += "\nFollows the streams of: \(follows.joined(separator: ", "))"
        let merges = answer["merges"]?.arrayValue ?? []
        guard !merges.isEmpty else { return text + "\nNo province mergers." }
        var table = TextTable(columns: [.init("Merged"), .init("Into"), .init("Signed")])
        for merge in merges { table.addRow([name(merge["from"]), name(merge["into"]), merge["issuedAt"]?.stringValue ?? "?"]) }
        return text + "\n" + VerifyRendering.lines(of: table)
    }
}
