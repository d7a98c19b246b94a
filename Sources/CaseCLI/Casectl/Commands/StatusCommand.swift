import CaseArguments
import CaseCore
import CaseSupport
import CaseReplication

/// `casectl status`: one line per member and whether the cluster has converged.
///
/// Exit code: 0 whenever the given node answered, whatever the cluster's health (an
/// unreachable member or a lagging one is what the view is for, not a failure of it);
/// 1 only when the given node itself cannot be asked. `casectl verify` is the judge of
/// agreement.
enum StatusCommand {
    static let spec = CommandSpec(
        name: "status",
        summary: "Show every cluster member: state, events held, how far behind, dossiers; and whether the cluster has converged.",
        discussion: """
            Asks the node (--node) for its view of the cluster, then every member for its own \
            (through the member's API address, 3 s each, in parallel), but only at an address the \
            node vouches for and over https or loopback; other members are shown as skipped \
            (see --trust-advertised-addresses and --insecure-http). State and last contact \
            are the given node's view; progress is each member's own word, or what its peers last \
            saw when it cannot be reached. "Behind" counts the events a member lacks of everything \
            known to exist, and how old the oldest of them is. The cluster is converged when every \
            reachable member has the same digest and no member (retired ones aside) lacks an event. \
            Exits 0 whenever the node answered, 1 when it cannot be reached; use 'casectl verify' \
            to judge agreement. In a cluster divided into provinces, each province is judged on \
            its own (its nodes hold its dossiers only): one line per province, or with --province \
            one line per member of that province.
            """,
        options: [
            .value("province", "CODE", help: "Show the members of this province (a two-digit code, e.g. 79).", default: "one line per province"),
        ],
        examples: ["casectl status", "casectl --node http://127.0.0.1:7420 status --json", "casectl status --province 79"])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        let survey = try ClusterSurvey.take(from: session.client)
        let report: JSONValue
        if let province = try survey.province(arguments.value("province")) {
            report = json(ClusterPicture(survey.restricted(to: province)), province: province)
        } else if !survey.provinces.isEmpty {
            let national = NationalStatus(survey)
            session.output.standard(session.json ? JSONWriter.string(national.json, pretty: true) : national.rendered)
            return
        } else {
            report = json(ClusterPicture(survey))
        }
        session.output.standard(session.json ? JSONWriter.string(report, pretty: true) : render(report))
    }

    // MARK: - The report

    /// The `--json` document, and what the table is rendered from.
    /// `province`: the province the picture is restricted to, if any.
    static func json(_ picture: ClusterPicture, province: String? = nil) -> JSONValue {
        let divergences = picture.divergences
        return [
            "clusterId": .string(picture.clusterID),
            "province": province.map { .string($0) } ?? .null,
            "node": .string(picture.entryID),
            "at": picture.at.map { .string($0) } ?? .null,
            "memberCount": .int(Int64(picture.members.count)),
            "reachableCount": .int(Int64(picture.members.filter(\.isReachable).count)),
            "skippedCount": .int(Int64(picture.members.filter { $0.skipped != nil }.count)),
            "converged": .bool(divergences.isEmpty),
            "divergences": .array(divergences.map { .string($0) }),
            "eventsKnown": .int(picture.known.total),
            "knownVersionVector": vectorJSON(picture.known),
            "members": .array(picture.members.map { member(json: $0, known: picture.known) }),
        ]
    }

    private static func member(json member: ClusterPicture.Member, known: VersionVector) -> JSONValue {
        var catchUp: JSONValue = .null
        if member.isReachable, let vector = member.vector, let behind = member.behindEvents, behind > 0, known.total > 0 {
            catchUp = [
                "held": .int(vector.total), "known": .int(known.total),
                "percent": .int(vector.total * 100 / known.total),
            ]
        }
        return [
            "id": .string(member.id),
            "name": member.name.map { .string($0) } ?? .null,
            "address": .string(member.address),
            "state": .string(member.state),
            "self": .bool(member.isEntry),
            "reachable": .bool(member.isReachable),
            "error": member.failure.map { .string($0) } ?? .null,
            "skipped": member.skipped.map { .string($0) } ?? .null,
            "lastContactAt": member.lastContactAt.map { .string($0) } ?? .null,
            "lastContactAgeSeconds": ViewText.secondsJSON(member.lastContactAgeSeconds),
            "eventsHeld": member.vector.map { .int($0.total) } ?? .null,
            "progressSource": member.vector == nil ? .null : .string(member.vectorIsOwn ? "own" : "peers"),
            "versionVector": member.vector.map(vectorJSON) ?? .null,
            "behindEvents": member.behindEvents.map { .int($0) } ?? .null,
            "behindSeconds": ViewText.secondsJSON(member.behindSeconds),
            "dossierCount": member.dossierCount.map { .int($0) } ?? .null,
            "digest": member.digest.map { .string($0) } ?? .null,
            "catchUp": catchUp,
        ]
    }

    static func vectorJSON(_ vector: VersionVector) -> JSONValue {
        .object(vector.heads.mapValues { .int($0) })
    }

    // MARK: - The table

    /// The status report as a header and one table line per member.
    static func render(_ report: JSONValue) -> String {
        let members = report["members"]?.arrayValue ?? []
        let commonDigest = mostCommonDigest(members)
        var table = TextTable(columns: [
            .init("Id"), .init("Name", maxWidth: 32), .init("Address"), .init("State"), .init("Last contact"),
            .init("Events", alignment: .right), .init("Behind", alignment: .right), .init("Lag", alignment: .right),
            .init("Dossiers", alignment: .right), .init("Note", maxWidth: 90),
        ])
        for member in members {
            table.addRow([
                ViewText.text(member["id"]), ViewText.text(member["name"]), ViewText.text(member["address"]),
                ViewText.text(member["state"]), lastContact(member), ViewText.text(member["eventsHeld"]),
                ViewText.text(member["behindEvents"]), lag(member), ViewText.text(member["dossierCount"]),
                note(member, commonDigest: commonDigest),
            ])
        }
        return header(report) + "\n\n" + ViewText.lines(of: table)
    }

    static func header(_ report: JSONValue) -> String {
        let count = report["memberCount"]?.int64Value ?? 0
        let reachable = report["reachableCount"]?.int64Value ?? 0
        let skipped = report["skippedCount"]?.int64Value ?? 0
        let verdict: String
        if report["converged"]?.boolValue == true {
            verdict = "converged"
        } else {
            let reasons = (report["divergences"]?.arrayValue ?? []).compactMap(\.stringValue)
            verdict = "NOT converged" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
        }
        let province = report["province"]?.stringValue.map { ", " + ProvinceOption.title($0).lowercasedFirstWord } ?? ""
        return """
            Cluster \(ViewText.text(report["clusterId"]))\(province): \(ViewText.count(count, "member")), \(reachable) reachable, \
            \(skipped > 0 ? "\(skipped) skipped, " : "")\(verdict)
            Seen from \(ViewText.text(report["node"])) at \(ViewText.text(report["at"])); \
            \(ViewText.count(report["eventsKnown"]?.int64Value ?? 0, "event")) known
            """
    }

    private static func lastContact(_ member: JSONValue) -> String {
        if member["self"]?.boolValue == true { return "self" }
        guard let age = member["lastContactAgeSeconds"]?.doubleValue else {
            return member["lastContactAt"]?.stringValue ?? "never"
        }
        return ViewText.duration(seconds: age) + " ago"
    }

    private static func lag(_ member: JSONValue) -> String {
        guard let seconds = member["behindSeconds"]?.doubleValue else { return member["behindEvents"]?.int64Value == nil ? ViewText.missing : "?" }
        return ViewText.duration(seconds: seconds)
    }

    private static func note(_ member: JSONValue, commonDigest: String?) -> String {
        var parts: [String] = []
        if let skipped = member["skipped"]?.stringValue { parts.append("skipped: \(skipped)") }
        if let error = member["error"]?.stringValue {
            // The address is in its own column: "cannot connect to 10.0.0.3:7400: …" says it twice.
            let address = member["address"]?.stringValue ?? ""
            parts.append("unreachable (\(address.isEmpty ? error : error.replacingOccurrences(of: " to \(address)", with: "")))")
        }
        if member["progressSource"]?.stringValue == "peers" { parts.append("figures as peers last saw it") }
        if let catchUp = member["catchUp"], catchUp != .null {
            parts.append("catching up \(ViewText.text(catchUp["held"]))/\(ViewText.text(catchUp["known"])) (\(ViewText.text(catchUp["percent"]))%)")
        }
        if let digest = member["digest"]?.stringValue, let commonDigest, digest != commonDigest {
            parts.append("digest differs (\(digest.prefix(12))…)")
        }
        return parts.joined(separator: "; ")
    }

    /// The digest most reachable members share (ties: the smallest), to point at the odd ones out.
    private static func mostCommonDigest(_ members: [JSONValue]) -> String? {
        let digests = members.filter { $0["state"]?.stringValue != "retired" }.compactMap { $0["digest"]?.stringValue }
        let counts = Dictionary(digests.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
