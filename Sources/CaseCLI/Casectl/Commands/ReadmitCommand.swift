import CaseArguments
import CaseSupport

/// `casectl readmit NODE`: an admin takes a retired centre back.
enum ReadmitCommand {
    static let spec = CommandSpec(
        name: "readmit",
        summary: "Take a retired centre back into the cluster (its handed-over dossiers stay where they are).",
        discussion: """
            Marks NODE alive again in membership; the news spreads to every member, which stop \
            refusing it. A node that knows it was retired does not start until it is re-admitted: \
            start it with --readmit afterwards. In a cluster with a root key only the root \
            re-admits: give --root-key and casectl signs the readmission here. Re-admit only a \
            machine you trust; a stolen machine's centre gets a new node id and certificate.
            """,
        options: [DecisionSigning.option],
        positionals: [PositionalSpec("NODE", help: "The retired centre (its node id).")],
        examples: ["casectl --node http://127.0.0.1:7410 readmit n3", "casectl readmit n3 --root-key root.key"])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        guard let node = arguments.positional("NODE") else { throw CasectlUsageError(message: "missing NODE") }
        var body: [String: JSONValue] = ["node": .string(node)]
        if arguments.value("root-key") != nil,
           let decision = try DecisionSigning.sign(.readmitted, member: node, clusterID: try DecisionSigning.clusterID(session), lastSequence: 0, arguments) {
            body["decision"] = .string(decision.text)
        }
        let answer = try session.client.post("/v1/admin/readmit", .object(body))
        session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : render(answer))
    }

    static func render(_ answer: JSONValue) -> String {
        let node = answer["node"]?.stringValue ?? "?"
        let state = answer["state"]?.stringValue ?? "?"
        let incarnation = answer["incarnation"]?.int64Value.map(String.init) ?? "?"
        return "Re-admitted \(node): \(state) (incarnation \(incarnation)). Start it with --readmit to let it rejoin."
    }
}
