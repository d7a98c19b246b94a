import CaseArguments
import CaseCore
import CaseSupport
import Foundation

/// casectl signing the cluster root's membership decisions (retirement, which revokes a
/// node's certificate, and readmission) on the admin's machine: the root key file never
/// leaves it, only the signed decision goes to the node, which checks it.
enum DecisionSigning {
    static let option = OptionSpec.value(
        "root-key", "FILE",
        help: "In a cluster with a root key: sign the decision with this root key file, here; only the signed decision is sent.")

    /// The decision signed with the `--root-key` of `arguments`; nil without the option.
    static func sign(
        _ verdict: MembershipDecision.Verdict, member: String, clusterID: String, lastSequence: UInt64, _ arguments: ParsedArguments
    ) throws -> MembershipDecision? {
        guard arguments.value("root-key") != nil else { return nil }
        let root = try IdentityCommands.readRootKey(arguments)
        do {
            return try MembershipDecision.sign(
                verdict, member: member, clusterID: clusterID, issuedAtMs: Int64(Date().timeIntervalSince1970 * 1_000),
                lastSequence: lastSequence, by: root)
        } catch {
            throw CasectlUsageError(message: "cannot sign the decision about \(member): \(error.message)")
        }
    }

    /// The cluster id the node reports (`GET /v1/cluster`), which the decision must name.
    static func clusterID(_ session: CasectlSession) throws -> String {
        guard let id = try session.client.get("/v1/cluster")["clusterId"]?.stringValue, !id.isEmpty else {
            throw CasectlUsageError(message: "the node did not say which cluster it belongs to (GET /v1/cluster has no clusterId)")
        }
        return id
    }
}
