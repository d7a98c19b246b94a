import CaseArguments
import Foundation
import CaseSupport

/// `casectl verify [--wait SECONDS]`: do all replicas hold identical dossiers? If not, which differ?
enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify",
        summary: "Check that every member holds identical dossiers; name the ones that differ.",
        discussion: """
            Asks the node for the cluster's members, then every member for the digest of its \
            dossiers recomputed from its stored rows (so a row changed behind casenode's back is \
            caught). When they differ, compares digests of ever smaller ranges of dossier codes \
            and lists the dossiers that differ, with which members hold which state. Retired \
            members are not compared. Exits 0 only when every member answered and all agree.
            """,
        options: [
            .value("wait", "SECONDS", help: "First wait up to this long for the members to converge (0-3600).", default: "0"),
        ],
        examples: ["casectl verify", "casectl --node http://127.0.0.1:7420 verify --wait 60 --json"])

    /// Why at most an hour: a cluster that has not converged in an hour needs a person, not a longer wait.
    static let maxWaitSeconds = 3_600
    /// How often the members' maintained digests are compared while waiting.
    static let pollIntervalMs = 500
    /// Time limit of each request while discovering and waiting: those are cheap answers.
    static let probeTimeoutMs = 5_000

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        let waitSeconds = try waitSeconds(arguments)
        let members = try discoverMembers(session.client)
        if waitSeconds > 0 { waitForConvergence(members.filter(\.isCompared), seconds: waitSeconds, token: session.client.token) }
        let report = Verification(source: NetworkDigestSource(members: members, token: session.client.token)).run(members)
        session.output.standard(session.json ? JSONWriter.string(report.json, pretty: true) : VerifyRendering.render(report))
        if let reason = report.failureReason { throw VerifyFailure(reason: reason) }
    }

    static func waitSeconds(_ arguments: ParsedArguments) throws -> Int {
        guard let text = arguments.value("wait") else { return 0 }
        guard let seconds = Int(text), (0...maxWaitSeconds).contains(seconds) else {
            throw CasectlUsageError(message: "--wait '\(text)': expected a whole number of seconds from 0 to \(maxWaitSeconds)")
        }
        return seconds
    }

    /// The members the node knows (itself included); a node without replication is the only one.
    static func discoverMembers(_ client: NodeClient) throws -> [ClusterMember] {
        do {
            return try ClusterMember.members(of: try client.get("/v1/cluster"))
        } catch let refusal as NodeRefusal where refusal.status == 404 {
            let id = try client.get("/healthz")["node"]?.stringValue ?? "node"
            return [ClusterMember(id: id, state: "alive", address: client.baseURL)]
        }
    }

    /// Polls every member's maintained digest (cheap: `GET /v1/cluster`) until all answer
    /// with the same one or `seconds` pass; the verdict is then reached from the rows anyway.
    static func waitForConvergence(_ members: [ClusterMember], seconds: Int, token: String?) {
        let deadline = DispatchTime.now() + .seconds(seconds)
        let clients = members.compactMap { member in
            (try? NodeClient(baseURL: member.baseURL, timeoutMs: probeTimeoutMs, token: token)).map { (member.id, $0) }
        }
        guard clients.count == members.count else { return }
        let byID = Dictionary(uniqueKeysWithValues: clients)
        while DispatchTime.now() < deadline {
            let digests = ParallelCalls.map(members.map(\.id)) { id in try byID[id]!.get("/v1/cluster")["digest"]?.stringValue ?? "" }
            let values = digests.values.compactMap { try? $0.get() }
            if values.count == members.count, Set(values).count == 1, values[0] != "" { return }
            Thread.sleep(forTimeInterval: Double(pollIntervalMs) / 1_000)
        }
    }
}

/// The members disagree, or some could not be asked: the report is printed, this is the exit reason.
struct VerifyFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
