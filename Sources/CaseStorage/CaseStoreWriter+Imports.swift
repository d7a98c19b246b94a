import CaseCore
import CaseReplication
import CaseSQLite

/// Dossiers entering this node's province with history it does not hold
/// (docs/design/provinces.md, `ReplicationNode+Imports`): which await it, and storing it.
extension CaseStoreWriter {
    /// Records the dossiers of `stored` (events just stored) that this node shares with
    /// another province (`HistoryImportRules.isShared`), pending those a step from a sparse
    /// stream brought into this province without their history (no filing here yet).
    /// A dossier pending until then whose filing one of them brought (after a merger, in a
    /// stream now held densely) awaits nothing more: it no longer takes an import's turn.
    func notePendingImports(after stored: [ChangeEvent]) throws {
        guard streams.isDivided, !stored.isEmpty else { return }
        for (code, awaits) in HistoryImportRules.shared(after: stored, scope: streams) {
            try noteShared(code, pending: awaits && (try reader.dossier(code: code)) == nil)
        }
        for code in Set(stored.filter { $0.kind == .filed }.map(\.dossierCode)) {
            try connection.execute(
                "UPDATE shared_dossiers SET pending = 0 WHERE dossier = ? AND pending = 1 AND EXISTS (SELECT 1 FROM dossiers WHERE code = ?)",
                [.text(code), .text(code)])
        }
    }

    /// Counts `code` pending, as a hint asks, when this node holds an event of it.
    public func notePendingImport(_ code: String) throws {
        guard streams.isDivided, try reader.eventCount(forDossier: code) > 0 else { return }
        try noteShared(code, pending: true)
    }

    /// Records `code` as shared; pending when `pending`, else as it was.
    private func noteShared(_ code: String, pending: Bool) throws {
        try connection.execute(
            """
            INSERT INTO shared_dossiers (dossier, found, pending)
            VALUES (?, (SELECT coalesce(max(found), 0) + 1 FROM shared_dossiers), ?)
            ON CONFLICT (dossier) DO UPDATE SET pending = max(pending, excluded.pending)
            """, [.text(code), .integer(pending ? 1 : 0)])
    }

    /// Stores the events of dossier `code`'s history a holder sent, each as far as its
    /// origin's signature vouches for it (`ImportedEventAuthentication`), refolds the
    /// dossier, and when `complete` and it folds, no longer counts it pending. Events this
    /// node gets in its own streams, or holds already, are skipped. Returns those stored.
    public func importHistory(
        _ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool
    ) throws -> ReplicatedApplyOutcome {
        guard events.count <= Self.maxEventsPerApply else {
            throw ReplicatedBatchRefusal.tooManyEvents(count: events.count, max: Self.maxEventsPerApply)
        }
        _ = try ReplicatedEventValidator.validate(events)
        // Only the history of a dossier this node holds already: no peer makes it hold another.
        guard try reader.eventCount(forDossier: code) > 0 else { return ReplicatedApplyOutcome(stored: [], divergentDuplicates: [], refoldedDossiers: 0, refusals: []) }
        try storeCertificates(certificates)
        var divergent: [EventID] = []
        var candidates: [SparseStreamAuthentication.ReceivedEvent] = []
        for event in events where event.dossierCode == code && HistoryImportRules.isImportable(event, scope: streams) {
            if try reader.event(event.id) != nil {
                if try !isStoredIdentically(event) { divergent.append(event.id) }
            } else {
                candidates.append(.init(event: event, predecessorLink: event.predecessorLink))
            }
        }
        let verdict = try verifyImported(candidates)
        for event in verdict.accepted { try insert(event) }
        if !verdict.accepted.isEmpty { _ = try refoldDossiers([code]) }
        if complete, try reader.dossier(code: code) != nil {
            try connection.execute("UPDATE shared_dossiers SET pending = 0 WHERE dossier = ?", [.text(code)])
        }
        return ReplicatedApplyOutcome(
            stored: verdict.accepted, divergentDuplicates: divergent, refoldedDossiers: verdict.accepted.isEmpty ? 0 : 1, refusals: verdict.refusals)
    }

    private func verifyImported(_ candidates: [SparseStreamAuthentication.ReceivedEvent]) throws -> (accepted: [ChangeEvent], refusals: [EventRefusal]) {
        let origins = Set(candidates.map(\.event.origin)).sorted()
        var certificates: [String: [Certificate]] = [:]
        var cutoffs: [String: Int64] = [:]
        if signing.trust != .unverified {
            for origin in origins {
                certificates[origin] = try reader.certificates(of: origin)
                cutoffs[origin] = try reader.revocationCutoff(of: origin)
            }
        }
        return ImportedEventAuthentication.verify(candidates, certificates: certificates, trust: signing.trust, revokedAfter: cutoffs)
    }
}

extension CaseStoreReader {
    /// Dossiers awaiting their history, oldest first, at most `limit`.
    public func pendingImportCodes(limit: Int) throws -> [String] {
        try connection.query("SELECT dossier FROM shared_dossiers WHERE pending = 1 ORDER BY found LIMIT ?", [.integer(Int64(limit))])
            .map { try $0.requiredText(0) }
    }

    /// The first dossier shared with another province whose code sorts after `cursor`, else
    /// the first of all (reconciliation goes round them); nil when none is shared.
    public func sharedDossierCode(after cursor: String) throws -> String? {
        let next = try connection.query("SELECT dossier FROM shared_dossiers WHERE dossier > ? ORDER BY dossier LIMIT 1", [.text(cursor)])
        let row = try next.first ?? connection.query("SELECT dossier FROM shared_dossiers ORDER BY dossier LIMIT 1").first
        return try row.map { try $0.requiredText(0) }
    }

    /// Every event held of dossier `code`, each with the chain link of its origin's event
    /// before it: the stored one for events of sparse streams and imports, else the link held.
    /// An event whose predecessor's link is not known is left out: no receiver could check it.
    public func eventsWithPredecessorLinks(forDossier code: String) throws -> [ChangeEvent] {
        try events(forDossier: code).compactMap { event in
            var event = event
            if event.predecessorLink.isEmpty {
                guard let link = try? chainLink(origin: event.origin, sequence: event.sequence - 1) else { return nil }
                event.predecessorLink = link
            }
            return event
        }
    }
}
