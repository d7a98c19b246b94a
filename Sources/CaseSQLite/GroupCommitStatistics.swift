/// How well writes have been grouped: the ratio of writes to commits is the
/// number of filings that shared each flush of the disk.
public struct GroupCommitStatistics: Sendable, Equatable {
    /// Transactions the group-commit queue ran (committed or failed).
    public var commits = 0
    /// Writes those transactions carried.
    public var writes = 0
    /// Transactions that failed as a whole (every writer in them got the error).
    public var failedCommits = 0
    /// The largest group so far.
    public var largestGroup = 0

    public init() {}

    mutating func record(groupSize: Int, failed: Bool) {
        commits += 1
        writes += groupSize
        if failed { failedCommits += 1 }
        largestGroup = max(largestGroup, groupSize)
    }
}
