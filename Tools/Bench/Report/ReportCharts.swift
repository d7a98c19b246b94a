import Foundation

/// The report's charts, built from a run's results. Each is nil when its data was not measured.
public enum ReportCharts {
    /// File names under docs/bench/, as BENCHMARKS.md links them.
    public static let latencyFile = "filing-latency.svg"
    public static let throughputFile = "filing-throughput.svg"
    public static let disseminationFile = "dissemination-rounds.svg"

    /// Every chart that has data, by file name.
    public static func all(_ results: BenchResults) -> [(file: String, chart: LineChart)] {
        [(latencyFile, latency(results)), (throughputFile, throughput(results)), (disseminationFile, dissemination(results))]
            .compactMap { file, chart in chart.map { (file, $0) } }
    }

    /// Latency distribution (CDF) per client count: x latency, y share of filings answered within it.
    public static func latency(_ results: BenchResults) -> LineChart? {
        guard let runs = results.filing?.runs, !runs.isEmpty else { return nil }
        let series = runs.map { run -> ChartSeries in
            let samples = run.latencySampleMs
            let points = samples.enumerated().map { (x: $1, y: Double($0 + 1) / Double(samples.count) * 100) }
            return ChartSeries(name: "\(run.clients) client(s)", points: points, markers: false)
        }
        return LineChart(title: "Filing latency distribution (one node)", xLabel: "latency (ms)", yLabel: "% of filings answered within", series: series)
    }

    /// Filings/s against client count, with the two SQLite ceilings as dashed lines.
    public static func throughput(_ results: BenchResults) -> LineChart? {
        guard let runs = results.filing?.runs, !runs.isEmpty else { return nil }
        var series = [ChartSeries(name: "casenode filings/s", points: runs.map { (x: Double($0.clients), y: $0.filingsPerSecond) })]
        if let limits = results.limits {
            let xs = runs.map { Double($0.clients) }
            let span = [xs.min()!, xs.max()!]
            series.append(ChartSeries(name: "SQLite single-commit ceiling", points: span.map { (x: $0, y: limits.singleCommitsPerSecond) }, dashed: true, markers: false))
            series.append(ChartSeries(name: "SQLite batched ceiling (50% line = target)", points: span.map { (x: $0, y: limits.batchedFilingsPerSecond * TargetEvaluation.throughputShareOfBatched) }, dashed: true, markers: false))
        }
        return LineChart(title: "Filing throughput vs clients", xLabel: "concurrent clients", yLabel: "filings per second", series: series)
    }

    /// Rounds to reach every node against N, with log₂N + ln N and 1.5× it.
    public static func dissemination(_ results: BenchResults) -> LineChart? {
        guard let clusters = results.simulation?.clusters, !clusters.isEmpty else { return nil }
        let sizes = clusters.map(\.nodes)
        let curveXs = theoryXs(from: sizes.min()!, to: sizes.max()!)
        var series = [ChartSeries]()
        series.append(ChartSeries(name: "filing reaches every node", points: clusters.compactMap { c in c.filingRounds.map { (x: Double(c.nodes), y: $0) } }))
        series.append(ChartSeries(name: "join known everywhere", points: clusters.compactMap { c in c.joinRounds.map { (x: Double(c.nodes), y: $0) } }))
        series.append(ChartSeries(name: "log₂N + ln N", points: curveXs.map { (x: $0, y: GossipTheory.expectedRounds(nodes: Int($0))) }, dashed: true, markers: false))
        series.append(ChartSeries(name: "1.5 × theory (target)", points: curveXs.map { (x: $0, y: GossipTheory.targetFactor * GossipTheory.expectedRounds(nodes: Int($0))) }, dashed: true, markers: false))
        return LineChart(title: "Dissemination rounds vs cluster size (simulated)", xLabel: "nodes (log scale)", yLabel: "gossip rounds", series: series, logX: true)
    }

    /// About 40 sizes spaced evenly on a log scale, for a smooth theory curve.
    static func theoryXs(from low: Int, to high: Int) -> [Double] {
        guard high > low else { return [Double(low)] }
        let steps = 40
        let ratio = Double(high) / Double(low)
        return (0...steps).map { (Double(low) * pow(ratio, Double($0) / Double(steps))).rounded() }
    }
}
