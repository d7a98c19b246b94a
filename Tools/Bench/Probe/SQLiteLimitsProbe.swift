import Foundation
import CaseSQLite

/// Measures the disk's durable-commit ceilings with the project's own SQLite
/// wrapper (WAL, `synchronous=FULL`, as the node opens its database), with a
/// filing's shape: one record row and one event row, about 1.5 KB together.
public struct SQLiteLimitsProbe: Sendable {
    /// The probe's database goes here (the same filesystem as the node's data).
    public let directory: String
    /// The single-commit probe stops after this many commits or `singleSeconds`, whichever first.
    public let maxSingleCommits: Int
    public let singleSeconds: Double
    /// Batches of `batchSize` filings in the batched probe.
    public let batches: Int
    public let batchSize = 1_000

    /// About what a real filing stores: the dossier's JSON record and its "filed" event.
    public static let recordBytes = 800
    public static let eventBytes = 700

    public init(directory: String, maxSingleCommits: Int, singleSeconds: Double, batches: Int) {
        precondition(maxSingleCommits > 0 && singleSeconds > 0 && batches > 0, "the probe measures something")
        self.directory = directory
        self.maxSingleCommits = maxSingleCommits
        self.singleSeconds = singleSeconds
        self.batches = batches
    }

    public func run() throws -> LimitsResult {
        let path = directory + "/limits-probe.sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let connection = try SQLiteConnection(path: path)
        defer { try? connection.close() }
        try connection.execute("CREATE TABLE record (code TEXT PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID")
        try connection.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, code TEXT NOT NULL, body BLOB NOT NULL)")
        var sequence = 0
        let latencies = try measureSingleCommits(connection, sequence: &sequence)
        let singleSeconds = latencies.reduce(0, +) / 1_000
        let batchedSeconds = try measureBatches(connection, sequence: &sequence)
        return LimitsResult(
            directory: directory, bytesPerFiling: Self.recordBytes + Self.eventBytes,
            singleCommitsPerSecond: Double(latencies.count) / singleSeconds,
            singleCommitLatency: LatencySummary(samplesMs: latencies),
            batchSize: batchSize,
            batchedFilingsPerSecond: Double(batches * batchSize) / batchedSeconds)
    }

    private func measureSingleCommits(_ connection: SQLiteConnection, sequence: inout Int) throws -> [Double] {
        var latencies = [Double]()
        latencies.reserveCapacity(maxSingleCommits)
        let total = Stopwatch()
        while latencies.count < maxSingleCommits && total.elapsedSeconds < singleSeconds {
            let watch = Stopwatch()
            try connection.transaction { try insertFiling(connection, sequence: sequence) }
            latencies.append(watch.elapsedMs)
            sequence += 1
        }
        return latencies
    }

    private func measureBatches(_ connection: SQLiteConnection, sequence: inout Int) throws -> Double {
        let watch = Stopwatch()
        for _ in 0..<batches {
            try connection.transaction {
                for _ in 0..<batchSize {
                    try insertFiling(connection, sequence: sequence)
                    sequence += 1
                }
            }
        }
        return watch.elapsedSeconds
    }

    private func insertFiling(_ connection: SQLiteConnection, sequence: Int) throws {
        let code = "BENCH-250701-\(sequence)"
        try connection.execute("INSERT INTO record (code, body) VALUES (?, ?)", [.text(code), .blob(Self.body(Self.recordBytes, sequence))])
        try connection.execute("INSERT INTO event (code, body) VALUES (?, ?)", [.text(code), .blob(Self.body(Self.eventBytes, sequence))])
    }

    /// Varied bytes, so that no layer can shortcut identical pages.
    static func body(_ count: Int, _ seed: Int) -> [UInt8] {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }
}
