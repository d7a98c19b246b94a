/// Everything the checker concluded, and the figures it prints.
public struct CheckReport: Equatable, Sendable {
    public var checks: [CheckResult]
    public var attempted: Int
    public var acknowledged: Int
    public var indeterminate: Int
    public var failed: Int
    /// Acknowledged filings or steps missing from some node.
    public var lost: Int
    /// Nodes whose digest differs from the most common one (or that could not be read).
    public var divergentNodes: Int
    /// Milliseconds from the heal to the nodes agreeing; nil if they never did in time.
    public var convergenceMs: Int?

    public var passedCount: Int { checks.filter(\.passed).count }
    public var failedCount: Int { checks.count - passedCount }
    public var passed: Bool { failedCount == 0 }

    /// The one summary line: exactly `N passed, N failed`.
    public var summaryLine: String { "\(passedCount) passed, \(failedCount) failed" }

    /// The figures and each check, one per line, then the summary line.
    public var text: String {
        var lines = [
            "operations attempted \(attempted), acknowledged \(acknowledged), indeterminate \(indeterminate), failed \(failed)",
            "lost = \(lost), divergent nodes = \(divergentNodes), convergence time = "
                + (convergenceMs.map { "\($0) ms" } ?? "did not converge"),
        ]
        for check in checks {
            lines.append("\(check.passed ? "PASS" : "FAIL") \(check.name): \(check.detail)")
        }
        lines.append(summaryLine)
        return lines.joined(separator: "\n")
    }
}
