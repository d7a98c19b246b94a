
/// `casectl verify` after the members are known: every compared member's whole digest,
/// then, if they differ, narrowing down to the dossiers that differ.
struct Verification {
    let source: any RangeDigestSource
    var limits = DigestBisection.Limits()

    func run(_ members: [ClusterMember]) -> VerifyReport {
        let compared = members.filter(\.isCompared).map(\.id)
        let source = self.source
        let answers = ParallelCalls.map(compared) { member in try source.memberDigest(of: member) }
        var report = VerifyReport(members: members.map { member in
            guard member.isCompared else { return VerifyReport.Member(member: member, answer: .skipped("retired: not compared")) }
            switch answers[member.id]! {
            case .success(let digest): return VerifyReport.Member(member: member, answer: .digest(digest))
            case .failure(let failure): return VerifyReport.Member(member: member, answer: .unreachable("\(failure.underlying)"))
            }
        })
        let answered = report.answered
        guard answered.count > 1,
              answered.contains(where: { !$0.digest.whole.agrees(with: answered[0].digest.whole) }) else { return report }
        let bisection = DigestBisection(members: answered.map(\.member.id), source: source, limits: limits)
        do {
            report.narrowing = try bisection.narrow(
                summaries: Dictionary(uniqueKeysWithValues: answered.map { ($0.member.id, $0.digest.whole) }))
        } catch {
            report.narrowingError = "\(error)"
        }
        return report
    }
}
