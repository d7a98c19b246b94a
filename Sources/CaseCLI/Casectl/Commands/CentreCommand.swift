import CaseArguments
import CaseCore
import CaseSupport

/// `casectl centre move CENTRE --to NEW`: a centre moves to another province
/// (docs/provinces.md, "A centre that moves"). A centre's province is in its certificate and
/// never changes, so the move is a new identity in the new province (a node certified
/// there, started and joined) that takes over the old centre's unfinished dossiers by
/// handover steps, and the retirement of the old one: every origin's log stays whole in one
/// province, the history written in the old province stays there, and the new province
/// imports the history of each dossier handed over.
enum CentreCommand {
    static let spec = CommandSpec(
        name: "centre",
        summary: "Move a centre to another province: its new node there takes its unfinished dossiers over, and the old one is retired.",
        discussion: """
            First certify the centre's new node for its new province ('casectl certify NEW \
            --province CODE …'), start it and let it join. Then 'centre move CENTRE --to NEW', \
            sent to a node of CENTRE's province (which holds all its dossiers), hands every \
            unfinished dossier of CENTRE over to NEW, as 'casectl retire CENTRE --successor \
            NEW' does, and retires CENTRE; the new province's nodes import each dossier's \
            history. Refused when NEW is in CENTRE's province (that is a plain retire) or when \
            the asked node is not of CENTRE's province. Safe to run again. See docs/provinces.md.
            """,
        subcommands: [move],
        examples: ["casectl --node http://hn1:7410 centre move xa-a --to xa-a-hcm --root-key root.key"])

    static let move = CommandSpec(
        name: "move",
        summary: "Hand CENTRE's unfinished dossiers to NEW, its node in another province, and retire CENTRE.",
        options: [
            .value("to", "NEW", help: "The centre's new node, certified for its new province and joined (required)."),
            .value("batch", "N", help: "Dossiers moved per request, each in one transaction (1-500).", default: "500"),
            .value("note", "TEXT", help: "The note recorded with every handover step.", default: "centre CENTRE moved to province …"),
            DecisionSigning.option,
        ],
        positionals: [PositionalSpec("CENTRE", help: "The centre that moves (its node id now).")],
        examples: ["casectl centre move xa-a --to xa-a-hcm --root-key root.key"])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        guard arguments.commandPath.dropFirst().first == "move" else {
            throw CasectlUsageError(message: "centre needs a subcommand: move (see 'casectl centre --help')")
        }
        guard let centre = arguments.positional("CENTRE") else { throw CasectlUsageError(message: "missing CENTRE") }
        guard let successor = arguments.value("to") else { throw CasectlUsageError(message: "missing --to: the centre's new node in its new province") }
        let (from, to) = try provinces(of: centre, and: successor, session)
        let note = "centre \(centre) moved to province \(to) (\(to.name)) as \(successor)"
        let ledger = try RetireCommand.retire(centre, successor: successor, note: note, arguments, session)
        session.output.standard(session.json ? ledger : "Centre \(centre) of province \(from) (\(from.name)) moved to \(to) (\(to.name)) as \(successor).\n" + ledger)
    }

    /// The provinces of `centre` and `successor` as the asked node places them; refuses a
    /// move within one province, or one asked of a node of another province.
    static func provinces(of centre: String, and successor: String, _ session: CasectlSession) throws -> (ProvinceCode, ProvinceCode) {
        let cluster = try session.client.get("/v1/cluster")
        // Every member (a nation has 3,321): this asks nobody, it only places the two centres.
        let members = (cluster["members"]?.arrayValue ?? []).compactMap(ClusterMember.init)
        func province(_ id: String) throws -> ProvinceCode {
            guard let member = members.first(where: { $0.id == id }) else {
                throw CasectlUsageError(message: "\(id) is not a member as the asked node knows the cluster; start it and let it join first")
            }
            guard let code = member.province.flatMap(ProvinceCode.init) else {
                throw CasectlUsageError(message: "the asked node cannot place \(id) in a province yet (it has not seen its certificate); try again in a few seconds")
            }
            return code
        }
        let from = try province(centre), to = try province(successor)
        guard from != to else {
            throw CasectlUsageError(message: "\(successor) is in \(centre)'s province \(from) already: this is a commune merger, 'casectl retire \(centre) --successor \(successor)'")
        }
        let asked = cluster["id"]?.stringValue ?? ""
        guard (try? province(asked)) == from else {
            let ofProvince = members.filter { $0.province == from.rawValue && $0.id != centre && $0.state == "alive" }.map(\.id)
            let named = ofProvince.prefix(5).joined(separator: ", ") + (ofProvince.count > 5 ? ", …" : "")
            throw CasectlUsageError(
                message: "ask a node of \(centre)'s province \(from), which holds all its dossiers (\(asked) holds only those shared with its own): one of \(named)")
        }
        return (from, to)
    }
}
