/// The "PostgreSQL side by side" section of BENCHMARKS.md: pgbench's figures per mode and
/// client count, each beside casestore's filing figures at the same client count from the
/// results it is rendered with, as ratios; then the standby's visibility delay.
public enum PostgresReport {
    public static func render(_ results: BenchResults) -> [String] {
        var lines = ["## PostgreSQL side by side", ""]
        guard let postgres = results.postgres else {
            return lines + ["Not measured in this run (primary + streaming standby, async and `remote_apply`, at 1 and 8 clients; "
                            + "skipped with `--no-postgres` or where PostgreSQL cannot be installed — see the findings).", ""]
        }
        lines += description(postgres, startedAt: results.startedAt)
        lines += [
            "| Standby | Clients | Transactions/s | Latency avg ± stddev | p50 | p90 | p99 | max | casestore filings/s (same clients) | casestore ÷ PostgreSQL (throughput) | casestore p50 ÷ PostgreSQL p50 |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for run in postgres.details?.runs ?? [] {
            lines.append(row(run, casestore: results.filing?.run(clients: run.clients)))
        }
        lines += [""] + comparisons(results, postgres) + visibility(postgres)
        return lines + [""]
    }

    static func description(_ postgres: PostgresResult, startedAt: String) -> [String] {
        guard let details = postgres.details else { return ["PostgreSQL \(postgres.version).", ""] }
        return [
            "PostgreSQL \(postgres.version): a primary and a streaming standby (`pg_basebackup -R`) on loopback ports, data in",
            "`\(details.dataDirectory)` (servers run as user `\(details.serverUser)`), settings as shipped (fsync on, full_page_writes on)",
            "apart from replication. One transaction per filing, as pgbench's custom script (`-M prepared`): a \(Format.count(details.recordBytes))-byte",
            "JSON record row (the load generator's first filing: Vietnamese names, CCCD numbers) under a fresh UUID key, and a",
            "\(Format.count(details.eventBytes))-byte event row. \(Format.number(details.secondsPerRun)) s per run from empty tables after a checkpoint;",
            "percentiles from pgbench's per-transaction log. *async*: `synchronous_standby_names` empty; *sync*: `synchronous_commit = remote_apply`,",
            "the commit returns once the standby has applied it. PostgreSQL measured at \(details.measuredAt); the casestore figures",
            "beside it are from the run started at \(startedAt).",
            "",
        ]
    }

    static func row(_ run: PostgresRun, casestore: FilingRun?) -> String {
        let spread = run.latencyStddevMs.map { "\(Format.ms(run.latencyAverageMs)) ± \(Format.ms($0))" } ?? Format.ms(run.latencyAverageMs)
        let percentiles = run.latency.map { [Format.ms($0.p50Ms), Format.ms($0.p90Ms), Format.ms($0.p99Ms), Format.ms($0.maxMs)] } ?? ["—", "—", "—", "—"]
        let filings = casestore.map { Format.number($0.filingsPerSecond) } ?? "not measured"
        let throughput = casestore.map { Format.ratio($0.filingsPerSecond / run.transactionsPerSecond) } ?? "—"
        let p50 = casestore.flatMap { filing in run.latency.map { Format.ratio(filing.latency.p50Ms / $0.p50Ms) } } ?? "—"
        return "| \(run.mode) | \(run.clients) | \(Format.number(run.transactionsPerSecond)) | \(spread) | "
            + percentiles.joined(separator: " | ") + " | \(filings) | \(throughput) | \(p50) |"
    }

    /// The two targets that compare with PostgreSQL, with both standby modes shown.
    static func comparisons(_ results: BenchResults, _ postgres: PostgresResult) -> [String] {
        var lines = [String]()
        if let filing32 = results.filing?.run(clients: 32) {
            for mode in PostgresConfig.Mode.allCases {
                guard let rate = postgres.insertsPerSecond[mode.key(clients: 8)] else { continue }
                lines.append("- casestore at 32 clients ÷ PostgreSQL (\(mode.rawValue) standby) at 8 clients: \(Format.number(filing32.filingsPerSecond))/s ÷ "
                             + "\(Format.number(rate))/s = \(Format.ratio(filing32.filingsPerSecond / rate)) (target ≥ 2.5× against the synchronous standby).")
            }
        }
        if let filing1 = results.filing?.run(clients: 1) {
            for mode in PostgresConfig.Mode.allCases {
                guard let latency = postgres.latencyByMode[mode.key(clients: 1)] else { continue }
                lines.append("- casestore single-client p50 ÷ PostgreSQL (\(mode.rawValue) standby) single-client p50: \(Format.ms(filing1.latency.p50Ms)) ÷ "
                             + "\(Format.ms(latency.p50Ms)) = \(Format.ratio(filing1.latency.p50Ms / latency.p50Ms)) (target ≤ 1× against the synchronous standby).")
            }
        }
        return lines.isEmpty ? [] : lines + [""]
    }

    static func visibility(_ postgres: PostgresResult) -> [String] {
        guard let visibility = postgres.standbyVisibility else { return ["Standby visibility delay: not measured."] }
        let method = postgres.details?.visibilityMethod.map { " Method: \($0)." } ?? ""
        return ["Standby visibility delay (asynchronous standby, \(visibility.count) rows): p50 \(Format.ms(visibility.p50Ms)), "
                + "p90 \(Format.ms(visibility.p90Ms)), p99 \(Format.ms(visibility.p99Ms)), max \(Format.ms(visibility.maxMs)).\(method)"]
    }
}
