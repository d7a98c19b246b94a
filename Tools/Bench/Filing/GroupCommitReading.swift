import CaseNet

/// The node's group-commit counters from /metrics: how many filings shared
/// each durable commit during a run (writes ÷ commits between two readings).
public struct GroupCommitReading: Sendable, Equatable {
    public var commits: Int
    public var writes: Int

    public init(commits: Int, writes: Int) {
        self.commits = commits
        self.writes = writes
    }

    /// Reads the counters from `casestore_group_commit{counter="…"}` lines; nil when absent.
    public static func parse(metrics text: String) -> GroupCommitReading? {
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("casestore_group_commit{counter=\"") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            let name = parts[0].dropFirst("casestore_group_commit{counter=\"".count).dropLast(2)
            values[String(name)] = Int(value)
        }
        guard let commits = values["commits"], let writes = values["writes"] else { return nil }
        return GroupCommitReading(commits: commits, writes: writes)
    }

    /// Asks the node; nil when it cannot be read (the figure is then left out, not guessed).
    public static func read(baseURL: String, headers: [(String, String)]) -> GroupCommitReading? {
        guard let client = try? HTTPClient(baseURL: baseURL, timeoutMs: 5_000),
              let response = try? client.send("GET", "/metrics", headers: headers, body: []),
              response.status == 200 else { return nil }
        return parse(metrics: String(decoding: response.body, as: UTF8.self))
    }

    /// Filings per commit between `earlier` and this reading.
    public func writesPerCommit(since earlier: GroupCommitReading) -> Double? {
        let commits = self.commits - earlier.commits
        return commits > 0 ? Double(writes - earlier.writes) / Double(commits) : nil
    }
}
