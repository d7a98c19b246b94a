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

extension CaseStore {
    /// Keeps each merger, verified against the root by the caller, that is later than the
    /// one held for its province, and, once committed, takes it into the node's streams
    /// (`LiveStreamScope`): a merger whose write failed is not followed (nor spread by the
    /// core, which follows the streams), so nothing acts on what a restart would not know.
    /// Storing the same set again changes nothing. Returns the mergers kept.
    @discardableResult
    public func storeProvinceMerges(_ merges: [ProvinceMerge]) throws -> [ProvinceMerge] {
        let kept = try write { try $0.storeProvinceMerges(merges) }
        if !kept.isEmpty { liveStreams.learn(merges: kept) }
        return kept
    }
}

extension CaseStoreWriter {
    /// Writes the mergers of `CaseStore.storeProvinceMerges`; returns those kept. The
    /// directory judges each (`ProvinceDirectory.add`: later than the one held, not merged
    /// elsewhere, no circle) against the streams and the rows held, in this transaction, so
    /// two admins' contradictory mergers cannot both be stored.
    ///
    /// A merger makes the origins of the merged province this node's (if it is either side):
    /// their sparse keys leave the version vector in the same transaction, so the dense
    /// streams are pulled from the first event and no peer is asked for the old keys again.
    func storeProvinceMerges(_ merges: [ProvinceMerge]) throws -> [ProvinceMerge] {
        var kept: [ProvinceMerge] = []
        var directory = streams.directory
        // Rows a racing commit stored that the streams do not follow yet.
        for held in try CaseStoreReader(connection: connection).provinceMerges() { directory.add(held) }
        for merge in merges {
            let before = directory.merges[merge.from]
            guard directory.add(merge) == nil, directory.merges[merge.from] != before else { continue }
            try connection.execute(
                """
                INSERT INTO province_merges (from_province, issued_at, encoded) VALUES (?, ?, ?)
                ON CONFLICT (from_province) DO UPDATE SET issued_at = excluded.issued_at, encoded = excluded.encoded
                """,
                [.text(merge.from.rawValue), .integer(merge.issuedAtMs), .blob(merge.encoded)])
            kept.append(merge)
        }
        guard !kept.isEmpty else { return kept }
        try dropStaleStreamHeads(scope: kept.reduce(streams) { $0.adding($1) })
        return kept
    }

    /// Removes the version vector's rows of streams a node of `scope` no longer holds
    /// (`StreamScope.holds(key:)`); run at start too.
    public func dropStaleStreamHeads(scope: StreamScope) throws {
        guard scope.isDivided else { return }
        for row in try connection.query("SELECT origin FROM version_vector") {
            let key = try row.requiredText(0)
            if !scope.holds(key: key) { try connection.execute("DELETE FROM version_vector WHERE origin = ?", [.text(key)]) }
        }
    }
}
