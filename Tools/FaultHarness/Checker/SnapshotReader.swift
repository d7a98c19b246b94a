import CaseCore
import CaseNet
import CaseSupport

/// Reads what a node holds, over its HTTP API, for the checker and the
/// convergence wait.
public enum SnapshotReader {
    /// Page size of the listing: the API's maximum.
    static let pageSize = 500
    /// Most pages read per node: 2,000 × 500 = a million dossiers, far above
    /// any run, so a node that keeps answering full pages cannot loop us forever.
    static let maxPages = 2_000
    /// Listing pages of full dossiers can be large on a busy node.
    static let readTimeoutMs = 30_000

    /// What `/v1/cluster` says about agreement.
    public struct ClusterState: Equatable, Sendable {
        public var digest: String
        public var caughtUp: Bool
        public var versionVector: [String: Int64]
        public var eventsHeld: Int64
    }

    public static func clusterState(of node: ClusterNode, timeoutMs: Int = 2_000) -> ClusterState? {
        guard let client = try? HTTPClient(baseURL: node.baseURL, timeoutMs: timeoutMs),
              let response = try? client.send("GET", "/v1/cluster", headers: [node.adminAuthorization]), response.status == 200,
              let json = try? response.jsonBody(), let digest = json["digest"]?.stringValue else { return nil }
        client.close()
        let vector = (json["versionVector"]?.objectValue ?? [:]).compactMapValues(\.int64Value)
        return ClusterState(
            digest: digest, caughtUp: json["caughtUp"]?.boolValue ?? false, versionVector: vector,
            eventsHeld: json["eventsHeld"]?.int64Value ?? -1)
    }

    /// Every dossier of `node`, with the tokens the workload put in them.
    public static func snapshot(of node: ClusterNode) -> NodeSnapshot {
        guard let client = try? HTTPClient(baseURL: node.baseURL, timeoutMs: readTimeoutMs) else {
            return NodeSnapshot(node: node.id, digest: nil, dossiers: [:], readError: "bad address \(node.baseURL)")
        }
        defer { client.close() }
        let digest = clusterState(of: node, timeoutMs: readTimeoutMs)?.digest
        var dossiers: [String: NodeSnapshot.Dossier] = [:]
        var offset = 0
        for _ in 0..<maxPages {
            let response: HTTPResponse
            do {
                response = try client.send("GET", "/v1/dossiers?limit=\(pageSize)&offset=\(offset)", headers: [node.adminAuthorization])
            } catch {
                return NodeSnapshot(node: node.id, digest: digest, dossiers: dossiers, readError: "\(error)")
            }
            guard response.status == 200, let json = try? response.jsonBody(), let items = json["items"]?.arrayValue,
                  let total = json["total"]?.int64Value else {
                return NodeSnapshot(node: node.id, digest: digest, dossiers: dossiers,
                                    readError: "listing at offset \(offset) answered \(response.status)")
            }
            for item in items {
                guard let code = item["code"]?.stringValue else { continue }
                dossiers[code] = dossier(from: item)
            }
            offset += items.count
            if items.isEmpty || offset >= Int(total) { return NodeSnapshot(node: node.id, digest: digest, dossiers: dossiers) }
        }
        return NodeSnapshot(node: node.id, digest: digest, dossiers: dossiers, readError: "more than \(maxPages) pages")
    }

    /// The filing token from the first document's name, the step tokens from the history's notes.
    static func dossier(from item: JSONValue) -> NodeSnapshot.Dossier {
        let prefix = WorkloadClient.tokenPrefix
        let documentName = item["documents"]?[0]?["name"]?.stringValue
        let filingToken = documentName.flatMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
        var steps = Set<String>()
        for entry in item["history"]?.arrayValue ?? [] {
            if let note = entry["note"]?.stringValue, note.hasPrefix(prefix) { steps.insert(String(note.dropFirst(prefix.count))) }
        }
        return NodeSnapshot.Dossier(filingToken: filingToken ?? documentName.map { "unmarked: \($0)" }, stepTokens: steps)
    }
}
