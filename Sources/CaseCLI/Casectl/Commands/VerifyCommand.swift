import CaseCore
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
            members are not compared. Members are asked only at addresses the node vouches for \
            and over https or loopback; the others are skipped. In a cluster divided into \
            provinces, each province's members hold that province's dossiers, so each province \
            is compared on its own (--province: only that one). Exits 0 only when every member \
            was asked, answered, and all agree.
            """,
        options: [
            .value("wait", "SECONDS", help: "First wait up to this long for the members to converge (0-3600).", default: "0"),
            .value("province", "CODE", help: "Compare only the members of this province (a two-digit code, e.g. 01).", default: "every province"),
        ],
        examples: ["casectl verify", "casectl --node http://127.0.0.1:7420 verify --wait 60 --json", "casectl verify --province 79"])

    /// Why at most an hour: a cluster that has not converged in an hour needs a person, not a longer wait.
    static let maxWaitSeconds = 3_600
    /// How often the members' maintained digests are compared while waiting.
    static let pollIntervalMs = 500
    /// Time limit of each request while discovering and waiting: those are cheap answers.
    static let probeTimeoutMs = 5_000

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        let waitSeconds = try waitSeconds(arguments)
        let (entryID, members) = try discoverMembers(session.client)
        let groups = try ProvinceGroups.of(members, province: try province(arguments))
        let reports = try groups.groups.map { group in
            (group.province, try verify(group.province == ProvinceGroups.unplaced ? [] : group.members,
                                        listing: group.members, entryID: entryID, session.client, waitSeconds: waitSeconds))
        }
        guard reports.count > 1 || reports.first?.0 != nil else {
            let report = reports[0].1
            session.output.standard(session.json ? JSONWriter.string(report.json, pretty: true) : VerifyRendering.render(report))
            if let reason = report.failureReason { throw VerifyFailure(reason: reason) }
            return
        }
        session.output.standard(session.json ? JSONWriter.string(provincesJSON(reports), pretty: true) : renderProvinces(reports))
        let failures = reports.compactMap { province, report in report.failureReason.map { "province \(province ?? "?"): \($0)" } }
        if !failures.isEmpty { throw VerifyFailure(reason: failures.joined(separator: "; ")) }
    }

    /// Compares `members` (after waiting up to `waitSeconds` for them to converge) and
    /// reports on every member of `listing`; those not compared are listed as not asked.
    private static func verify(
        _ members: [ClusterMember], listing: [ClusterMember], entryID: String, _ client: NodeClient, waitSeconds: Int
    ) throws -> VerifyReport {
        let compared = members.filter(\.isCompared)
        if waitSeconds > 0 {
            let probes = try clients(for: compared, entryID: entryID, client, timeoutMs: probeTimeoutMs)
            waitForConvergence(probes.clients, seconds: waitSeconds)
        }
        var digests = try clients(for: compared, entryID: entryID, client, timeoutMs: NetworkDigestSource.digestTimeoutMs)
        for member in listing where member.isCompared && !members.contains(member) {
            digests.skipped[member.id] = "the node asked cannot place it in a province yet"
        }
        return Verification(source: NetworkDigestSource(clients: digests.clients)).run(listing, notAsked: digests.skipped)
    }

    private static func renderProvinces(_ reports: [(String?, VerifyReport)]) -> String {
        reports.map { province, report in ProvinceGroups.heading(province ?? "") + "\n\n" + VerifyRendering.render(report) }
            .joined(separator: "\n\n")
    }

    private static func provincesJSON(_ reports: [(String?, VerifyReport)]) -> JSONValue {
        [
            "ok": .bool(reports.allSatisfy { $0.1.isSuccess }),
            "provinces": .array(reports.map { province, report in
                var object = report.json.objectValue ?? [:]
                object["province"] = .string(province ?? "")
                return .object(object)
            }),
        ]
    }

    static func province(_ arguments: ParsedArguments) throws -> ProvinceCode? {
        try ProvinceOption.code(arguments.value("province"))
    }

    /// A client per member casectl may ask, by id, and why each of the others is skipped.
    static func clients(
        for members: [ClusterMember], entryID: String, _ entry: NodeClient, timeoutMs: Int
    ) throws -> (clients: [String: NodeClient], skipped: [String: String]) {
        var clients: [String: NodeClient] = [:]
        var skipped: [String: String] = [:]
        for member in members {
            switch entry.reach(member, entryID: entryID, timeoutMs: timeoutMs) {
            case .entry: clients[member.id] = try entry.sibling(baseURL: entry.baseURL, timeoutMs: timeoutMs)
            case .client(let client): clients[member.id] = client
            case .skipped(let reason): skipped[member.id] = reason
            }
        }
        return (clients, skipped)
    }

    static func waitSeconds(_ arguments: ParsedArguments) throws -> Int {
        guard let text = arguments.value("wait") else { return 0 }
        guard let seconds = Int(text), (0...maxWaitSeconds).contains(seconds) else {
            throw CasectlUsageError(message: "--wait '\(text)': expected a whole number of seconds from 0 to \(maxWaitSeconds)")
        }
        return seconds
    }

    /// The node's id and the members it knows (itself included); a node without replication
    /// is the only one.
    static func discoverMembers(_ client: NodeClient) throws -> (entryID: String, members: [ClusterMember]) {
        do {
            let cluster = try client.get("/v1/cluster")
            return (cluster["id"]?.stringValue ?? "", try ClusterMember.members(of: cluster))
        } catch let refusal as NodeRefusal where refusal.status == 404 {
            let id = try client.get("/healthz")["node"]?.stringValue ?? "node"
            return (id, [ClusterMember(id: id, state: "alive", address: client.baseURL)])
        }
    }

    /// Polls the maintained digest (cheap: `GET /v1/cluster`) of every member asked until all
    /// answer with the same one or `seconds` pass; the verdict is then reached from the rows anyway.
    static func waitForConvergence(_ clients: [String: NodeClient], seconds: Int) {
        let deadline = DispatchTime.now() + .seconds(seconds)
        while DispatchTime.now() < deadline {
            let digests = ParallelCalls.map(Array(clients.keys)) { id in try clients[id]!.get("/v1/cluster")["digest"]?.stringValue ?? "" }
            let values = digests.values.compactMap { try? $0.get() }
            if values.count == clients.count, Set(values).count == 1, values[0] != "" { return }
            Thread.sleep(forTimeInterval: Double(pollIntervalMs) / 1_000)
        }
    }
}

/// The members disagree, or some could not be asked: the report is printed, this is the exit reason.
struct VerifyFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
