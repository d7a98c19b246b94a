
/// `casectl verify` after the members are known: every compared member's whole digest,
/// then, if they differ, narrowing down to the dossiers that differ.
struct Verification {
    let source: any RangeDigestSource
    var limits = DigestBisection.Limits()

    /// `notAsked` are the members casectl may not ask (by id, with why): they are not asked,
    /// and the verdict cannot be success (see ``MemberReach``).
    func run(_ members: [ClusterMember], notAsked: [String: String] = [:]) -> VerifyReport {
        let compared = members.filter(\.isCompared).map(\.id)
        let source = self.source
        let answers = ParallelCalls.map(compared.filter { notAsked[$0] == nil }) { member in try source.memberDigest(of: member) }
        var report = VerifyReport(members: members.map { member in
            guard member.isCompared else { return VerifyReport.Member(member: member, answer: .skipped("retired: not compared")) }
            if let reason = notAsked[member.id] { return VerifyReport.Member(member: member, answer: .notAsked(reason)) }
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
