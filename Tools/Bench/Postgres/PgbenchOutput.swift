/// What pgbench printed about one run, and the latencies of its per-transaction log.
public struct PgbenchOutput: Sendable, Equatable {
    public var transactions: Int
    public var failed: Int
    public var tps: Double
    public var latencyAverageMs: Double
    public var latencyStddevMs: Double?

    public init(transactions: Int, failed: Int, tps: Double, latencyAverageMs: Double, latencyStddevMs: Double?) {
        self.transactions = transactions
        self.failed = failed
        self.tps = tps
        self.latencyAverageMs = latencyAverageMs
        self.latencyStddevMs = latencyStddevMs
    }

    /// Parses pgbench's summary (stdout). Throws when tps, the transaction count or the
    /// average latency is missing: the run then failed, and its stderr says why.
    public static func parse(_ text: String) throws -> PgbenchOutput {
        var transactions: Int?
        var failed = 0
        var tps: Double?
        var average: Double?
        var stddev: Double?
        for line in text.split(separator: "\n") {
            if let value = after("number of transactions actually processed: ", in: line) {
                transactions = Int(value.prefix { $0.isNumber })
            } else if let value = after("number of failed transactions: ", in: line) {
                failed = Int(value.prefix { $0.isNumber }) ?? 0
            } else if let value = after("latency average = ", in: line) {
                average = Double(value.prefix { !$0.isWhitespace })
            } else if let value = after("latency stddev = ", in: line) {
                stddev = Double(value.prefix { !$0.isWhitespace })
            } else if let value = after("tps = ", in: line), tps == nil || line.contains("without initial connection") {
                tps = Double(value.prefix { !$0.isWhitespace })
            }
        }
        guard let transactions, let tps, let average else {
            throw BenchError("pgbench printed no summary (transactions, tps, latency average):\n\(text.prefix(2_000))")
        }
        return PgbenchOutput(transactions: transactions, failed: failed, tps: tps, latencyAverageMs: average, latencyStddevMs: stddev)
    }

    /// Latencies in ms from a pgbench per-transaction log (`--log`): lines of
    /// `client_id transaction_no time_us script_no time_epoch time_us [...]`; failed or
    /// skipped transactions (a word in the time field) are left out. At most `limit` lines
    /// are read: a log is bounded by the run's duration, the limit guards a runaway one.
    public static func latenciesMs(fromLog text: String, limit: Int = 5_000_000) -> [Double] {
        var latencies = [Double]()
        for line in text.split(separator: "\n").prefix(limit) {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, let micros = Int(fields[2]) else { continue }
            latencies.append(Double(micros) / 1_000)
        }
        return latencies
    }

    private static func after(_ marker: String, in line: Substring) -> Substring? {
        guard let range = line.range(of: marker) else { return nil }
        return line[range.upperBound...]
    }
}
