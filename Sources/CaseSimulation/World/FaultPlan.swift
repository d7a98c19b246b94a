import CaseSupport

/// Everything that will go wrong in one randomized run, drawn from its seed
/// before the run starts: how the network behaves, and when links are cut and
/// nodes crash and restart. Printed with a failure, so a seed can be read
/// before it is replayed.
public struct FaultPlan: Sendable, CustomStringConvertible {
    /// How the network behaves until the heal.
    public var conditions: NetworkConditions
    /// Sorted by time (stable: faults planned for the same moment keep their order).
    public var faults: [TimedFault]

    /// A plan with these conditions and faults (sorted here by time).
    public init(conditions: NetworkConditions, faults: [TimedFault]) {
        self.conditions = conditions
        self.faults = faults.enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }.map(\.element)
    }

    /// No faults at all: a calm network, no partitions, no crashes.
    public static let none = FaultPlan(conditions: .calm, faults: [])

    /// A plan for `nodeIDs` over `durationMs`: loss up to 20 %, duplicates up
    /// to 10 %, latency up to ~30 ms with detours up to half a second,
    /// partitions of every shape one after another, and two independent
    /// "chaos monkeys" crashing nodes (so two can be down at once). With `provinces` (the
    /// node ids of each), partitions also fall along them: some provinces cut off from the
    /// others, and one province split inside while it stays connected to the rest.
    public static func random(
        using random: inout SplitMix64, nodeIDs: [String], durationMs: Int64, provinces: [[String]] = []
    ) -> FaultPlan {
        precondition(nodeIDs.count >= 2, "faults between nodes need at least two nodes")
        let conditions = NetworkConditions(
            dropProbability: Double.random(in: 0...0.2, using: &random),
            duplicateProbability: Double.random(in: 0...0.1, using: &random),
            latencyMs: 1...Int64.random(in: 2...30, using: &random),
            reorderProbability: Double.random(in: 0...0.1, using: &random),
            detourMs: 10...Int64.random(in: 20...500, using: &random))
        var faults = partitions(using: &random, nodeIDs: nodeIDs, durationMs: durationMs, provinces: provinces)
        for _ in 0..<2 { faults += crashes(using: &random, nodeIDs: nodeIDs, durationMs: durationMs) }
        return FaultPlan(conditions: conditions, faults: faults)
    }

    /// One partition at a time, each healed before the next: halves, one node
    /// isolated, or a one-way cut (and with provinces, the two shapes along them), lasting 0.3 to 4 s.
    private static func partitions(
        using random: inout SplitMix64, nodeIDs: [String], durationMs: Int64, provinces: [[String]]
    ) -> [TimedFault] {
        var faults: [TimedFault] = []
        var atMs = Int64.random(in: 200...2_000, using: &random)
        while atMs < durationMs {
            let shuffled = nodeIDs.shuffled(using: &random)
            let lastsMs = Int64.random(in: 300...4_000, using: &random)
            let fault: Fault
            // Without provinces only the first three shapes are drawn: a seed keeps its plan.
            switch Int.random(in: 0..<(provinces.count >= 2 ? 5 : 3), using: &random) {
            case 0:
                fault = .partition(side: Array(shuffled.prefix(nodeIDs.count / 2)).sorted(), rest: Array(shuffled.dropFirst(nodeIDs.count / 2)).sorted())
            case 1:
                fault = .partition(side: [shuffled[0]], rest: Array(shuffled.dropFirst()).sorted())
            case 2:
                let split = Int.random(in: 1..<nodeIDs.count, using: &random)
                fault = .cutOneWay(from: Array(shuffled.prefix(split)).sorted(), to: Array(shuffled.dropFirst(split)).sorted())
            case 3:
                fault = provincesApart(using: &random, provinces: provinces)
            default:
                fault = provinceSplit(using: &random, provinces: provinces, nodeIDs: nodeIDs)
            }
            faults.append(TimedFault(atMs: atMs, fault))
            faults.append(TimedFault(atMs: atMs + lastsMs, .healPartitions))
            atMs += lastsMs + Int64.random(in: 200...3_000, using: &random)
        }
        return faults.filter { $0.atMs < durationMs }
    }

    /// Some provinces (at least one, not all) cut off from the others.
    private static func provincesApart(using random: inout SplitMix64, provinces: [[String]]) -> Fault {
        let shuffled = provinces.shuffled(using: &random)
        let split = Int.random(in: 1..<shuffled.count, using: &random)
        return .partition(side: shuffled.prefix(split).flatMap { $0 }.sorted(), rest: shuffled.dropFirst(split).flatMap { $0 }.sorted())
    }

    /// Half of one province's nodes cut off from everyone else, its other half among them.
    private static func provinceSplit(using random: inout SplitMix64, provinces: [[String]], nodeIDs: [String]) -> Fault {
        let province = provinces.randomElement(using: &random)!.shuffled(using: &random)
        let side = Array(province.prefix(max(province.count / 2, 1))).sorted()
        return .partition(side: side, rest: nodeIDs.filter { !side.contains($0) }.sorted())
    }

    /// Crashes of a random node, down for 0.2 to 3 s, 0.5 to 4 s apart.
    private static func crashes(using random: inout SplitMix64, nodeIDs: [String], durationMs: Int64) -> [TimedFault] {
        var faults: [TimedFault] = []
        var atMs = Int64.random(in: 500...3_000, using: &random)
        while atMs < durationMs {
            let node = nodeIDs.randomElement(using: &random)!
            let downMs = Int64.random(in: 200...3_000, using: &random)
            faults.append(TimedFault(atMs: atMs, .crash(node)))
            faults.append(TimedFault(atMs: atMs + downMs, .restart(node)))
            atMs += downMs + Int64.random(in: 500...4_000, using: &random)
        }
        return faults.filter { $0.atMs < durationMs }
    }

    public var description: String {
        let network = "drop \(percent(conditions.dropProbability)), duplicate \(percent(conditions.duplicateProbability)), "
            + "latency \(conditions.latencyMs.lowerBound)-\(conditions.latencyMs.upperBound) ms, "
            + "detour \(percent(conditions.reorderProbability)) up to \(conditions.detourMs.upperBound) ms"
        return network + "; " + (faults.isEmpty ? "no faults" : faults.map(\.description).joined(separator: "; "))
    }

    private func percent(_ probability: Double) -> String {
        "\(Int((probability * 100).rounded()))%"
    }
}
