import CaseArguments
import Foundation
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
        let answer: JSONValue
        if arguments.value("root-key") != nil {
            answer = try readmitSigned(node, arguments, session)
        } else {
            answer = try session.client.post("/v1/admin/readmit", ["node": .string(node)])
        }
        session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : render(answer))
    }

    /// Signs the readmission here and sends it. Decisions order by the second they were
    /// signed, and a retirement wins a tie: a readmission signed in the same second as the
    /// retirement it undoes is refused as superseded, so it is signed once more in the next.
    private static func readmitSigned(_ node: String, _ arguments: ParsedArguments, _ session: CasectlSession) throws -> JSONValue {
        let clusterID = try DecisionSigning.clusterID(session)
        func send() throws -> JSONValue {
            guard let decision = try DecisionSigning.sign(.readmitted, member: node, clusterID: clusterID, lastSequence: 0, arguments) else {
                throw CasectlUsageError(message: "missing --root-key")
            }
            return try session.client.post("/v1/admin/readmit", ["node": .string(node), "decision": .string(decision.text)])
        }
        do {
            return try send()
        } catch let refusal as NodeRefusal where refusal.body?["error"]?["code"]?.stringValue == "decision_superseded" {
            Thread.sleep(forTimeInterval: 1.0 - Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 1.0) + 0.01)
            return try send()
        }
    }

    static func render(_ answer: JSONValue) -> String {
        let node = answer["node"]?.stringValue ?? "?"
        let state = answer["state"]?.stringValue ?? "?"
        let incarnation = answer["incarnation"]?.int64Value.map(String.init) ?? "?"
        return "Re-admitted \(node): \(state) (incarnation \(incarnation)). Start it with --readmit to let it rejoin."
    }
}
