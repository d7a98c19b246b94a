/// Jepsen's set test over the nemesis's history: after the heal every
/// acknowledged filing and step must be on every node, nothing may appear
/// that no client attempted, and every node must hold the same state.
public enum Checker {
    /// Offending items listed in a failure's detail; the rest are counted.
    static let maxListed = 10

    /// Judges `history` against what each node holds. `convergenceMs` is the
    /// time the nodes took to agree after the heal (nil: not within the bound).
    public static func check(history: [Operation], snapshots: [NodeSnapshot], convergenceMs: Int?) -> CheckReport {
        let acknowledgedFilings = history.filter { $0.kind == .file && $0.outcome == .ok }
        let acknowledgedSteps = history.filter { $0.kind == .step && $0.outcome == .ok }
        let attemptedFilingTokens = Set(history.filter { $0.kind == .file }.map(\.token))
        let attemptedStepTokens = Set(history.filter { $0.kind == .step }.map(\.token))

        var checks: [CheckResult] = []
        let unreadable = snapshots.filter { $0.readError != nil }
        checks.append(result(
            "every node readable", problems: unreadable.map { "\($0.node): \($0.readError ?? "")" },
            figures: "\(snapshots.count - unreadable.count) of \(snapshots.count) nodes read"))

        var lostFilings: [String] = []
        for operation in acknowledgedFilings {
            for snapshot in snapshots {
                guard let code = operation.dossier, snapshot.dossiers[code]?.filingToken == operation.token else {
                    lostFilings.append("\(operation.token) (\(operation.dossier ?? "no code")) missing on \(snapshot.node)")
                    continue
                }
            }
        }
        checks.append(result(
            "acknowledged filings on every node", problems: lostFilings,
            figures: "\(acknowledgedFilings.count) acknowledged filings × \(snapshots.count) nodes"))

        var unattempted: [String] = []
        for snapshot in snapshots {
            for (code, dossier) in snapshot.dossiers.sorted(by: { $0.key < $1.key }) {
                if let token = dossier.filingToken, attemptedFilingTokens.contains(token) {
                    let strangers = dossier.stepTokens.subtracting(attemptedStepTokens)
                    if !strangers.isEmpty { unattempted.append("\(code) on \(snapshot.node) has steps \(strangers.sorted()) nobody attempted") }
                } else {
                    unattempted.append("\(code) on \(snapshot.node) (token \(dossier.filingToken ?? "none"))")
                }
            }
        }
        checks.append(result(
            "nothing present that no client attempted", problems: unattempted,
            figures: "\(attemptedFilingTokens.count) filings and \(attemptedStepTokens.count) steps attempted"))

        var lostSteps: [String] = []
        for operation in acknowledgedSteps {
            for snapshot in snapshots {
                guard let code = operation.dossier, snapshot.dossiers[code]?.stepTokens.contains(operation.token) == true else {
                    lostSteps.append("\(operation.token) (\(operation.action ?? "?") on \(operation.dossier ?? "?")) missing on \(snapshot.node)")
                    continue
                }
            }
        }
        checks.append(result(
            "acknowledged steps in every history", problems: lostSteps,
            figures: "\(acknowledgedSteps.count) acknowledged steps × \(snapshots.count) nodes"))

        let divergent = divergentNodes(snapshots)
        checks.append(result(
            "every node has the same digest", problems: divergent,
            figures: "\(snapshots.count) nodes, \(Set(snapshots.compactMap(\.digest)).count) distinct digests"))

        checks.append(CheckResult(
            name: "converged after the heal", passed: convergenceMs != nil,
            detail: convergenceMs.map { "in \($0) ms" } ?? "digests still differed when the wait ran out"))

        return CheckReport(
            checks: checks, attempted: history.count,
            acknowledged: history.filter { $0.outcome == .ok }.count,
            indeterminate: history.filter { $0.outcome == .indeterminate }.count,
            failed: history.filter { $0.outcome == .failed }.count,
            lost: lostFilings.count + lostSteps.count, divergentNodes: divergent.count, convergenceMs: convergenceMs)
    }

    /// Nodes whose digest is not the most common one, or that have none.
    static func divergentNodes(_ snapshots: [NodeSnapshot]) -> [String] {
        var counts: [String: Int] = [:]
        for digest in snapshots.compactMap(\.digest) { counts[digest, default: 0] += 1 }
        let majority = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        return snapshots.filter { $0.digest == nil || $0.digest != majority }
            .map { "\($0.node) (\($0.digest.map { String($0.prefix(12)) } ?? "no digest"))" }
    }

    private static func result(_ name: String, problems: [String], figures: String) -> CheckResult {
        guard !problems.isEmpty else { return CheckResult(name: name, passed: true, detail: figures) }
        let listed = problems.prefix(maxListed).joined(separator: "; ")
        let more = problems.count > maxListed ? "; and \(problems.count - maxListed) more" : ""
        return CheckResult(name: name, passed: false, detail: "\(figures); \(problems.count) problems: \(listed)\(more)")
    }
}
