import CaseCore
import CaseReplication
import CaseSQLite

/// The cluster root's province mergers (`ProvinceMerge`), one per merged province: kept by
/// the replication core (`ReplicationOutput.persistProvinceMerges`) and by the publishing
/// route, read at start into the node's directory (docs/design/provinces.md, "Mergers").
extension CaseStoreReader {
    /// Every merger held, by merged province.
    public func provinceMerges() throws -> [ProvinceMerge] {
        try connection.query("SELECT from_province, encoded FROM province_merges ORDER BY from_province").map { row in
            do {
                return try ProvinceMerge(encoded: try row.optionalBlob(1))
            } catch {
                throw StoreCorruption("the merger of province \(row[0].stringValue ?? "?") is unreadable: \(error)")
            }
        }
    }
}

extension CaseStoreWriter {
    /// Keeps each merger, verified against the root by the caller, that is later than the
    /// one held for its province, and takes it into the node's streams (`LiveStreamScope`):
    /// storing the same set again changes nothing. Returns the mergers kept.
    ///
    /// A merger makes the origins of the merged province this node's (if it is either side):
    /// their sparse keys leave the version vector in the same transaction, so the dense
    /// streams are pulled from the first event and no peer is asked for the old keys again.
    @discardableResult
    public func storeProvinceMerges(_ merges: [ProvinceMerge]) throws -> [ProvinceMerge] {
        var kept: [ProvinceMerge] = []
        for merge in merges {
            let heldAtMs = try connection.query(
                "SELECT issued_at FROM province_merges WHERE from_province = ?", [.text(merge.from.rawValue)]
            ).first?.integer(0)
            if let heldAtMs, heldAtMs >= merge.issuedAtMs { continue }
            try connection.execute(
                """
                INSERT INTO province_merges (from_province, issued_at, encoded) VALUES (?, ?, ?)
                ON CONFLICT (from_province) DO UPDATE SET issued_at = excluded.issued_at, encoded = excluded.encoded
                """,
                [.text(merge.from.rawValue), .integer(merge.issuedAtMs), .blob(merge.encoded)])
            kept.append(merge)
        }
        guard !kept.isEmpty else { return kept }
        // Even when the scope knew them (a first attempt whose commit failed): the rows go now.
        liveStreams.learn(merges: kept)
        try dropStaleStreamHeads()
        return kept
    }

    /// Removes the version vector's rows of streams this node no longer holds
    /// (`StreamScope.holds(key:)`); run at start too, after a crash between the two.
    public func dropStaleStreamHeads() throws {
        let scope = streams
        guard scope.isDivided else { return }
        for row in try connection.query("SELECT origin FROM version_vector") {
            let key = try row.requiredText(0)
            if !scope.holds(key: key) { try connection.execute("DELETE FROM version_vector WHERE origin = ?", [.text(key)]) }
        }
    }
}
