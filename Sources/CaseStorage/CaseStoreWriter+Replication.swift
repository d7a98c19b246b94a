import CaseCore
import CaseSupport
import CaseSQLite

/// What replication writes: events received from peers, and the dossier state refolded from them.
extension CaseStoreWriter {
    /// The most events one `applyReplicated` call takes.
    /// Why 10,000: twenty times `ReplicationConfiguration.maxBatchEvents`; the whole batch is
    /// one transaction holding the single writer, and local filings wait behind it.
    public static let maxEventsPerApply = 10_000

    /// Stores the events that extend their origin's contiguous log, advances the version
    /// vector, and refolds every dossier they touch, all in the caller's transaction.
    ///
    /// Per origin, in sequence order: an event already held is a duplicate and ignored (its
    /// content is compared with the stored one, see `ReplicatedApplyOutcome.divergentDuplicates`);
    /// the next one is stored; one after a gap ends that origin (a later pull brings the
    /// missing ones in order). Each touched dossier is folded once from all its events; one
    /// whose filing has not arrived has no row yet and is folded when the filing arrives.
    ///
    /// Throws `ReplicatedBatchRefusal` before writing anything when the batch is too large
    /// or holds an invalid event; the caller's transaction then stores none of it.
    ///
    /// Each origin's new events are stored only as far as `EventAuthentication` vouches
    /// for them under the store's `EventSigning.trust`; the rest of that origin's run is
    /// dropped and named in `refusals`, and every other origin is stored as usual.
    /// `certificates`: those the batch carried; the ones the root signed are kept first.
    public func applyReplicated(_ events: [ChangeEvent], certificates: [Certificate] = []) throws -> ReplicatedApplyOutcome {
        guard events.count <= Self.maxEventsPerApply else {
            throw ReplicatedBatchRefusal.tooManyEvents(count: events.count, max: Self.maxEventsPerApply)
        }
        let filings = try ReplicatedEventValidator.validate(events)
        try storeCertificates(certificates)
        var stored: [ChangeEvent] = []
        var storedAsIs = Set<EventID>()
        var divergent: [EventID] = []
        var refusals: [EventRefusal] = []
        let byOrigin = Dictionary(grouping: events, by: \.origin)
        for origin in byOrigin.keys.sorted() {
            let received = byOrigin[origin, default: []].sorted { $0.sequence < $1.sequence }
            let refusal = streams.holdsDensely(origin)
                ? try extendLog(of: origin, with: received, stored: &stored, storedAsIs: &storedAsIs, divergent: &divergent)
                : try extendSparseStreams(of: origin, with: received, stored: &stored, storedAsIs: &storedAsIs, divergent: &divergent)
            if let refusal { refusals.append(refusal) }
        }
        let arrived = Dictionary(grouping: stored.filter { storedAsIs.contains($0.id) }, by: \.dossierCode)
        // Decoded payloads stand in for the stored ones only where the stored text is the received text.
        let decoded = filings.filter { storedAsIs.contains($0.key) }
        let refolded = try refoldDossiers(Set(stored.map(\.dossierCode)).sorted(), arrived: arrived, filings: decoded)
        try notePendingImports(after: stored)
        return ReplicatedApplyOutcome(stored: stored, divergentDuplicates: divergent, refoldedDossiers: refolded, refusals: refusals)
    }

    /// Keeps the certificates the cluster root signed (for this cluster, as node
    /// certificates) that are not held yet; ignores the others. Without a root key
    /// nothing can be checked, so nothing is kept: a stranger cannot fill the table.
    /// Certificates already held are skipped before anything is verified: every batch
    /// carries its origins' certificates again, and checking one costs a signature verification.
    public func storeCertificates(_ certificates: [Certificate]) throws {
        let new = try certificates.filter { certificate in
            try connection.query("SELECT 1 FROM certificates WHERE serial = ?", [.blob(certificate.serial)]).isEmpty
        }
        try storeVerifiedCertificates(signing.keepable(new))
    }

    /// Keeps `kept`, certificates the caller verified as `EventSigning.keepable` does, and
    /// places their centres (`CaseStore.keepCertificates` verifies before taking the writer).
    func storeVerifiedCertificates(_ kept: [Certificate]) throws {
        for certificate in kept {
            try connection.execute(
                "INSERT INTO certificates (serial, subject, encoded) VALUES (?, ?, ?) ON CONFLICT (serial) DO NOTHING",
                [.blob(certificate.serial), .text(certificate.subject), .blob(certificate.encoded)])
        }
        // Placed at once, even if this transaction rolls back: the root signed where the
        // centre belongs, so the directory is right either way.
        liveStreams.learn(kept)
    }

    /// Folds each dossier from all the events held for it and saves the result, keeping the
    /// state digest up to date; skips codes whose filing is not held. Returns how many were saved.
    /// `arrived`: events just stored exactly as they are, by dossier (see `heldEvents`);
    /// `filings`: payloads decoded from those events (see `DossierReducer.fold`).
    public func refoldDossiers(
        _ codes: [String], arrived: [String: [ChangeEvent]] = [:], filings: [EventID: FiledPayload] = [:]
    ) throws -> Int {
        // A batch of duplicates touches no dossier: writing nothing keeps its commit free of disk I/O.
        guard !codes.isEmpty else { return 0 }
        var digest = try StoredStateDigest.read(connection)
        var saved = 0
        for code in codes {
            let (events, allJustArrived) = try heldEvents(of: code, arrived: arrived[code] ?? [])
            // A new dossier's filing, worked out by the receiving thread: exactly this fold.
            if allJustArrived, events.count == 1, let prepared = events[0].prepared {
                try save(
                    prepared.state, storedBytes: prepared.storedState, canonical: prepared.canonicalState, term: prepared.stateTerm,
                    nameKeys: prepared.nameKeys,
                    updating: &digest, isNew: true)
                saved += 1
                continue
            }
            guard let dossier = try DossierReducer.fold(events, filings: filings) else { continue }
            // No event of it was held before this transaction, so no state was saved for it.
            try save(dossier, updating: &digest, isNew: allJustArrived)
            saved += 1
        }
        if saved > 0 { try StoredStateDigest.write(digest, connection) }
        return saved
    }

    /// Every event held for dossier `code`. When the events that just arrived for it are all
    /// it has (the usual case: a new dossier's filing), they are those, as stored: reading
    /// them back and parsing their payloads again was a fifth of applying a filing. Only
    /// events stored byte for byte as they came count (`insert`): the saved state is put in
    /// NFC anyway, but the fold itself then never sees text a read-back would not give it.
    /// Also says whether they are all events that just arrived.
    private func heldEvents(of code: String, arrived: [ChangeEvent]) throws -> (events: [ChangeEvent], allJustArrived: Bool) {
        if !arrived.isEmpty, try reader.eventCount(forDossier: code) == arrived.count { return (arrived, true) }
        return (try reader.events(forDossier: code), false)
    }

    /// Applies one origin's received events (sorted by sequence) to its log: duplicates
    /// are compared, the run that extends the log is verified and stored as far as it is
    /// vouched for. Returns why the rest of the run was not stored, if it was not.
    private func extendLog(
        of origin: String, with received: [ChangeEvent], stored: inout [ChangeEvent], storedAsIs: inout Set<EventID>,
        divergent: inout [EventID]
    ) throws -> EventRefusal? {
        let heldThrough = try nextSequence(origin: origin) - 1
        var run: [ChangeEvent] = []
        for event in received {
            let next = heldThrough + 1 + Int64(run.count)
            if event.sequence <= heldThrough {
                if try !isStoredIdentically(event) { divergent.append(event.id) }
            } else if event.sequence == next {
                run.append(event)
            } else if event.sequence > next {
                break
            }  // else: a second copy of an event of this run, in the same call
        }
        guard !run.isEmpty else { return nil }
        let certificates = signing.trust == .unverified ? [] : try reader.certificates(of: origin)
        let revokedAfter = signing.trust == .unverified ? nil : try reader.revocationCutoff(of: origin)
        let verdict = EventAuthentication.verify(
            run, after: try reader.chainLink(origin: origin, sequence: heldThrough), certificates: certificates,
            trust: signing.trust, revokedAfter: revokedAfter)
        // Only a node divided into provinces can hold an origin's events beyond its dense head.
        if streams.isDivided, try heldBeyond(origin: origin, heldThrough) {
            // Held in part before its stream was dense here (a merger): stored once, compared otherwise.
            try store(verdict.accepted, stored: &stored, storedAsIs: &storedAsIs, divergent: &divergent)
        } else {
            for event in verdict.accepted {
                if try insert(event) { storedAsIs.insert(event.id) }
                stored.append(event)
            }
        }
        if let last = verdict.accepted.last { try setHead(of: origin, to: last.sequence) }
        return verdict.refusal
    }

    /// Whether the log holds an event of `origin` after `sequence`, the head of its dense
    /// stream: one it held in a sparse stream or as an import before a merger made its
    /// stream dense here. One query per origin and batch: the usual dense run skips the
    /// per-event check.
    private func heldBeyond(origin: String, _ sequence: Int64) throws -> Bool {
        let rows = try connection.query("SELECT MAX(seq) FROM events WHERE origin = ?", [.text(origin)])
        return (rows.first?.integer(0) ?? 0) > sequence
    }

    /// Whether the stored event with `event`'s identity has the same content, compared as
    /// stored: canonical payload JSON, all text in NFC (`SQLiteValue ==` compares bytes), so a
    /// copy that differs from the stored text only in Unicode normalisation still matches.
    /// Province tags are compared too: a copy with other tags is another event.
    func isStoredIdentically(_ event: ChangeEvent) throws -> Bool {
        let rows = try connection.query(
            "SELECT hlc, dossier, kind, actor, centre, payload, tags FROM events WHERE origin = ? AND seq = ?",
            [.text(event.origin), .integer(event.sequence)])
        guard let row = rows.first else {
            throw StoreCorruption("the version vector counts event \(event.id) as held, but the log has no such event")
        }
        let received: [SQLiteValue] = [
            .integer(event.timestamp.storageValue), .text(event.dossierCode.nfcNormalized),
            .text(event.kind.rawValue), .text(event.actor.nfcNormalized), .text(event.centre.nfcNormalized),
            Self.storedPayload(of: event).value,
            event.tags.isEmpty ? .null : .blob(StreamTagEncoding.encoded(event.tags)),
        ]
        return row.values == received
    }
}

extension CaseStore {
    /// Keeps the certificates a peer answered with (`ReplicaLog.keep(certificates:)`) as a
    /// batch's are kept, but checks their signatures before taking the writer: an answer
    /// holds up to 128, and clerks' filings wait behind the writer, not behind a reader.
    public func keepCertificates(_ certificates: [Certificate]) throws {
        var seen = Set<[UInt8]>()
        let new = try read { reader in
            try certificates.filter { certificate in
                guard seen.insert(certificate.serial).inserted else { return false }
                return try !reader.holdsCertificate(serial: certificate.serial)
            }
        }
        let verified = signing.keepable(new)
        guard !verified.isEmpty else { return }
        try write { try $0.storeVerifiedCertificates(verified) }
    }
}
