/// A report's rows while it is computed: counts by centre and procedure, and the dossiers
/// resolved late with their reasons, bounded, and restricted to one centre when the report
/// asks for one.
struct ReportRows {
    private(set) var counts: [ReportKey: ReportCounts] = [:]
    private(set) var lateDossiers: [ReportLateDossier] = []
    let limit: Int
    /// Only this centre's rows are kept (figures attributed elsewhere are dropped).
    let centre: String?

    /// Changes the counts of `key`, creating its row if needed; refuses a row past `limit`.
    mutating func update(_ key: ReportKey, _ change: (inout ReportCounts) -> Void) throws {
        if let centre, key.centre != centre { return }
        if counts[key] == nil, counts.count >= limit { throw ReportTooLarge(limit: limit) }
        change(&counts[key, default: ReportCounts()])
    }

    /// Keeps a late dossier of this report's centres; past `limit` of them, refuses.
    mutating func noteLate(_ dossier: ReportLateDossier) throws {
        if let centre, dossier.centre != centre { return }
        if lateDossiers.count >= limit { throw ReportTooLarge(limit: limit) }
        lateDossiers.append(dossier)
    }
}

/// A report would have more rows (centre and procedure pairs, or late dossiers) than one
/// answer may hold.
public struct ReportTooLarge: Error, CustomStringConvertible, Sendable {
    public let limit: Int

    public var description: String {
        "the report would have more than \(limit) rows (centre and procedure pairs, or late dossiers); ask for one centre at a time"
    }
}
