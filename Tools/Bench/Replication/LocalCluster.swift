import CaseNet
import Foundation
import CaseSupport
import NodeLauncher

/// A local cluster of release-built casenode processes on loopback: every node
/// on ports the kernel picks, the same cluster key, joining through the first
/// node. Requests use the first node's admin token, which every node accepts
/// once the token registry has synced (`waitUntilFormed`).
public final class LocalCluster {
    public private(set) var nodes: [CasenodeProcess]
    public let directory: String
    private let executable: String
    private let keyFlags: [String]
    /// Restarts of each node with a fresh agency (see `rotateAgency`), by node index.
    private var agencyRounds: [Int: Int] = [:]
    /// With node certificates: the root every node is given, and the cluster-wide admin
    /// token it signed (a node's own first token then works at that node only).
    private let identities: BenchIdentities?
    private var clusterToken: String?

    /// Forming a cluster (join, membership, token sync) takes about a second; this is far above.
    public static let formTimeoutSeconds = 60.0
    /// A status request to a node is answered in milliseconds; a node busy catching up may take longer.
    static let statusTimeoutMs = 10_000

    /// Starts `size` nodes in `directory` and waits until every one knows every other and accepts the token.
    /// `identities`: every node gets a key and a certificate from a root made here, and
    /// runs with `--root-public-key` (signed events checked on receipt, as in production).
    public convenience init(executable: String, directory: String, size: Int, identities: Bool = false) throws {
        try self.init(executable: executable, directory: directory, size: size, identities: identities ? BenchIdentities() : nil)
    }

    /// As above, with a root made beforehand: one that also certified what was preloaded (`ClusterPreload`).
    init(executable: String, directory: String, size: Int, identities: BenchIdentities?) throws {
        precondition((1...16).contains(size), "a local cluster of 1 to 16 nodes: more would only measure this machine's scheduler")
        self.executable = executable
        self.directory = directory
        self.keyFlags = try ClusterKeyFile.write(in: directory)
        self.identities = identities
        self.nodes = []
        do {
            for index in 0..<size {
                _ = try addNode()
                if index == 0, let identities = self.identities { clusterToken = try identities.grantAdminToken(at: nodes[0]) }
            }
            try waitUntilFormed()
        } catch {
            stop()
            throw error
        }
    }

    /// Starts one more node, empty, joining through the first; returns its index.
    @discardableResult
    public func addNode() throws -> Int {
        let index = nodes.count
        var flags = keyFlags
        if let identities {
            flags += try identities.certify(id: "n\(index)", directory: Self.nodeDirectory(index, in: directory))
        }
        if let first = nodes.first { flags += ["--join", "127.0.0.1:\(first.peerPort)"] }
        let node = CasenodeProcess(
            executable: executable, id: "n\(index)", dataDirectory: Self.nodeDirectory(index, in: directory), extraArguments: flags,
            ports: .sameAtRestart)
        try node.start()
        nodes.append(node)
        return index
    }

    /// Where node `index` of a cluster in `directory` keeps its data (a preload writes there before it starts).
    static func nodeDirectory(_ index: Int, in directory: String) -> String { directory + "/node\(index)" }

    /// The first node's admin token: valid at every node once the registry synced.
    public var headers: [(String, String)] {
        clusterToken.map { [("Authorization", "Bearer \($0)")] } ?? nodes[0].authorizationHeaders
    }

    /// Waits until every node lists every node as a member and answers 200 to the first node's token.
    public func waitUntilFormed() throws {
        let watch = Stopwatch()
        while watch.elapsedSeconds < Self.formTimeoutSeconds {
            if (try? nodes.allSatisfy({ try memberCount(at: $0) >= nodes.count })) == true { return }
            usleep(50_000)
        }
        throw BenchError("the local cluster of \(nodes.count) did not form (members known and token accepted everywhere) within \(Self.formTimeoutSeconds) s; see \(directory)/node*.log")
    }

    /// `GET /v1/cluster` at `node`, parsed; throws unless 200.
    public func status(of node: CasenodeProcess) throws -> JSONValue {
        let client = try HTTPClient(baseURL: node.baseURL, timeoutMs: Self.statusTimeoutMs)
        defer { client.close() }
        let response = try client.send("GET", "/v1/cluster", headers: headers)
        guard response.status == 200 else {
            throw BenchError("GET /v1/cluster at \(node.baseURL) answered \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        return try JSONParser().parse(response.body)
    }

    /// Members `node` sees as alive (itself included).
    func memberCount(at node: CasenodeProcess) throws -> Int {
        guard case .array(let members)? = try status(of: node)["members"] else { return 0 }
        return members.filter { $0["state"]?.stringValue == "alive" }.count
    }

    /// Events held and dossiers stored at `node`.
    public func counts(at node: CasenodeProcess) throws -> (events: Int, dossiers: Int) {
        let status = try status(of: node)
        return (Int(status["eventsHeld"]?.int64Value ?? -1), Int(status["dossierCount"]?.int64Value ?? -1))
    }

    /// The replication counters `node` exports at `/metrics` (`casestore_replication_total`), by name.
    public func replicationCounters(at node: CasenodeProcess) throws -> [String: Double] {
        let client = try HTTPClient(baseURL: node.baseURL, timeoutMs: Self.statusTimeoutMs)
        defer { client.close() }
        let response = try client.send("GET", "/metrics", headers: headers)
        guard response.status == 200 else { throw BenchError("GET /metrics at \(node.baseURL) answered \(response.status)") }
        return Self.counters(named: "casestore_replication_total", in: String(decoding: response.body, as: UTF8.self))
    }

    /// Parses `name{counter="x"} value` lines of a Prometheus text exposition.
    static func counters(named name: String, in text: String) -> [String: Double] {
        let prefix = name + "{counter=\""
        var counters: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count)
            guard let quote = rest.firstIndex(of: "\""), let space = rest.lastIndex(of: " "),
                  let value = Double(rest[rest.index(after: space)...]) else { continue }
            counters[String(rest[..<quote])] = value
        }
        return counters
    }

    /// Waits until the given nodes hold the same number of events, unchanged over two readings; returns it.
    public func waitUntilSettled(_ indexes: [Int], timeoutSeconds: Double) throws -> Int {
        let watch = Stopwatch()
        var previous = -1
        while watch.elapsedSeconds < timeoutSeconds {
            let events = try indexes.map { try counts(at: nodes[$0]).events }
            if Set(events).count == 1, events[0] == previous { return previous }
            previous = Set(events).count == 1 ? events[0] : -1
            usleep(200_000)
        }
        throw BenchError("nodes \(indexes) did not agree on their event count within \(timeoutSeconds) s")
    }

    /// Restarts node `index` under a new agency code, so it can number another 9,999 dossiers today.
    public func rotateAgency(_ index: Int) throws {
        let round = (agencyRounds[index] ?? 0) + 1
        agencyRounds[index] = round
        let node = nodes[index]
        node.stop()
        var flags = node.extraArguments
        if let at = flags.firstIndex(of: "--agency") { flags.removeSubrange(at...(at + 1)) }
        node.extraArguments = flags + ["--agency", "N\(index).R\(round)"]
        try node.start()
    }

    /// Stops every node (SIGTERM, bounded wait).
    public func stop() {
        for node in nodes { node.stop() }
    }
}
