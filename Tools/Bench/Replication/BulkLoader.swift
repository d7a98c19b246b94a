import Foundation

/// Files a large number of dossiers into a local cluster as fast as it takes
/// them, spread over some of its nodes, several clients each. One agency numbers
/// at most 9,999 dossiers a day, so a node that has used its codes is restarted
/// under a fresh agency code (`LocalCluster.rotateAgency`) and loading goes on.
public struct BulkLoader {
    public let cluster: LocalCluster
    public let bodies: [[UInt8]]
    public let clientsPerNode: Int
    /// Codes a node uses before rotating: below 9,999 with room for the filings other parts make.
    public static let filingsPerAgency = 9_000

    public init(cluster: LocalCluster, bodies: [[UInt8]], clientsPerNode: Int) {
        self.cluster = cluster
        self.bodies = bodies
        self.clientsPerNode = clientsPerNode
    }

    /// How a total is split into rounds: each round files at most `perAgency` at each of `nodes` nodes.
    /// Returns, per round, the count for each node.
    public static func rounds(total: Int, nodes: Int, perAgency: Int) -> [[Int]] {
        precondition(nodes > 0 && perAgency > 0 && total >= 0, "positive nodes and codes per agency")
        var left = total
        var rounds = [[Int]]()
        while left > 0 {
            let round = (0..<nodes).map { index in
                let share = (left + nodes - 1 - index) / nodes
                return min(share, perAgency)
            }
            left -= round.reduce(0, +)
            rounds.append(round)
        }
        return rounds
    }

    /// Files `total` dossiers at the nodes `indexes` (stopping early after `maxSeconds`);
    /// `used` is how many codes each node's current agency has already used (updated).
    /// Returns (filed, failed, seconds).
    public func load(total: Int, at indexes: [Int], used: inout [Int: Int], maxSeconds: Double) throws -> (filed: Int, failed: Int, seconds: Double) {
        let watch = Stopwatch()
        var filed = 0, failed = 0
        var left = total
        while left > 0, watch.elapsedSeconds < maxSeconds {
            for index in indexes where (used[index] ?? 0) >= Self.filingsPerAgency {
                try cluster.rotateAgency(index)
                used[index] = 0
            }
            let room = indexes.map { Self.filingsPerAgency - (used[$0] ?? 0) }
            let share = (left + indexes.count - 1) / indexes.count
            let counts = room.map { min($0, share) }
            let outcomes = runConcurrently(counts: counts, at: indexes, maxSeconds: maxSeconds - watch.elapsedSeconds)
            for (position, outcome) in outcomes.enumerated() {
                let index = indexes[position]
                used[index, default: 0] += outcome.latenciesMs.count + outcome.failed
                filed += outcome.latenciesMs.count
                failed += outcome.failed
            }
            left = total - filed
            if outcomes.allSatisfy({ $0.latenciesMs.isEmpty }) {
                throw BenchError("bulk loading stalled: no filing succeeded, e.g. \(outcomes.flatMap(\.failureSamples).first ?? "no answer")")
            }
        }
        return (filed, failed, watch.elapsedSeconds)
    }

    /// One load generator per node, all at once.
    private func runConcurrently(counts: [Int], at indexes: [Int], maxSeconds: Double) -> [LoadGenerator.Outcome] {
        let results = ResultSlots<LoadGenerator.Outcome>(count: indexes.count)
        let group = DispatchGroup()
        for (position, index) in indexes.enumerated() where counts[position] > 0 {
            let generator = LoadGenerator(baseURL: cluster.nodes[index].baseURL, headers: cluster.headers, bodies: bodies)
            let clients = clientsPerNode
            let count = counts[position]
            group.enter()
            let thread = Thread {
                results.set(position, generator.run(clients: clients, totalRequests: count, maxSeconds: maxSeconds))
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return (0..<indexes.count).map { results.get($0) ?? LoadGenerator.Outcome(latenciesMs: [], failed: 0, seconds: 0, failureSamples: []) }
    }
}
