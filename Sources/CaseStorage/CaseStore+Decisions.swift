import CaseCore
import CaseSQLite

/// The cluster root's membership decisions (`MembershipDecision`), one per member: kept
/// by the replication core through `ReplicaLog.storeDecisions`, and consulted by the
/// apply path, which refuses a revoked member's events after its cut-off.
extension CaseStoreReader {
    /// Every decision held, sorted by member.
    public func membershipDecisions() throws -> [MembershipDecision] {
        try connection.query("SELECT member, encoded FROM membership_decisions ORDER BY member").map { row in
            do {
                return try MembershipDecision(encoded: try row.optionalBlob(1))
            } catch {
                throw StoreCorruption("the membership decision about \(row[0].stringValue ?? "?") is unreadable: \(error)")
            }
        }
    }

    /// The last sequence of `origin` that may be stored, when the root retired it.
    public func revocationCutoff(of origin: String) throws -> Int64? {
        try connection.query(
            "SELECT revoked_after FROM membership_decisions WHERE member = ? AND revoked_after IS NOT NULL", [.text(origin)]
        ).first?[0].int64Value
    }
}

extension CaseStoreWriter {
    /// Forgets the root's retirement of `member` (this node itself, started with
    /// --readmit): its peers then tell it the truth, refusing it while it stays retired and
    /// giving it the readmission once there is one. A readmission held is kept.
    public func forgetRetirement(of member: String) throws {
        try connection.execute("DELETE FROM membership_decisions WHERE member = ? AND revoked_after IS NOT NULL", [.text(member)])
    }

    /// Keeps each decision that is newer than the one held about its member (a later
    /// admin epoch, or a retirement at the same epoch): storing the core's whole set
    /// again changes nothing.
    public func storeMembershipDecisions(_ decisions: [MembershipDecision]) throws {
        for decision in decisions {
            let held = try connection.query(
                "SELECT encoded FROM membership_decisions WHERE member = ?", [.text(decision.member)]
            ).first.map { row in try MembershipDecision(encoded: try row.optionalBlob(0)) }
            if let held, !decision.supersedes(held) { continue }
            let cutoff: SQLiteValue = decision.verdict == .retired ? .integer(Int64(clamping: decision.lastSequence)) : .null
            try connection.execute(
                """
                INSERT INTO membership_decisions (member, admin_epoch, revoked_after, encoded) VALUES (?, ?, ?, ?)
                ON CONFLICT (member) DO UPDATE SET admin_epoch = excluded.admin_epoch,
                    revoked_after = excluded.revoked_after, encoded = excluded.encoded
                """,
                [.text(decision.member), .integer(Int64(decision.adminEpoch)), cutoff, .blob(decision.encoded)])
        }
    }
}
