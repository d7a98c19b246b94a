import CaseCore

/// The rules of importing a dossier's history into a province it entered
/// (`ReplicationNode+Imports`), once, for the SQLite log and the simulator's.
public enum HistoryImportRules {
    /// Whether a holder may give a node of `province` the history of the dossier whose
    /// events it holds are `events`: the dossier, as the holder folds it, belongs to that
    /// province. A holder gives no province what is not its own.
    public static func mayServe(_ events: [ChangeEvent], to province: ProvinceCode, directory: ProvinceDirectory) -> Bool {
        ((try? DossierProvinces.of(events: events, province: directory.province(ofCentre:))) ?? []).contains(province)
    }

    /// The events of `events` a node of `province` holding `held` is given: those it lacks
    /// that are not tagged with its province (those reach it in its streams), in (origin,
    /// sequence) order.
    public static func toServe(
        _ events: [ChangeEvent], to province: ProvinceCode, excluding held: [EventID], directory: ProvinceDirectory
    ) -> [ChangeEvent] {
        let held = Set(held)
        return events.filter { event in
            !held.contains(event.id) && !event.tags.contains { directory.resolve($0.province) == province }
        }.sorted { $0.id < $1.id }
    }

    /// What a holder gives a node of `province` holding `held` of the dossier whose events it
    /// holds are `events` (each with its predecessor link): nil when it may not
    /// (`mayServe`), else what it lacks (`toServe`), bounded as an event batch.
    public static func slice(
        of events: [ChangeEvent], for province: ProvinceCode, excluding held: [EventID], directory: ProvinceDirectory, maxEvents: Int,
        maxBytes: Int
    ) -> HistorySlice? {
        guard mayServe(events, to: province, directory: directory) else { return nil }
        var batch = EventBatchBuilder(maxEvents: maxEvents, maxBytes: maxBytes)
        let served = toServe(events, to: province, excluding: held, directory: directory)
        for event in served where !batch.take(event, estimatedBytes: event.estimatedEncodedBytes) { break }
        return HistorySlice(events: batch.events, hasMore: batch.events.count < served.count)
    }

    /// Whether this node (of `scope`) stores `event` as imported history: an event of an
    /// origin of another province, not tagged with this node's province (an event of its
    /// own province's origins, or tagged with it, comes in its streams).
    public static func isImportable(_ event: ChangeEvent, scope: StreamScope) -> Bool {
        guard let province = scope.province, !scope.holdsDensely(event.origin) else { return false }
        return !event.tags.contains { scope.directory.resolve($0.province) == province }
    }

    /// Whether holding `event` makes its dossier one this node (of `scope`) shares with another
    /// province, to reconcile with it: the event is of another province's origin, or tagged
    /// with another province.
    public static func isShared(_ event: ChangeEvent, scope: StreamScope) -> Bool {
        guard let own = scope.province else { return false }
        return !scope.holdsDensely(event.origin) || event.tags.contains { scope.directory.resolve($0.province) != own }
    }

    /// The dossiers `stored` (events just stored) make shared (`isShared`), in code order,
    /// each with whether it awaits its history should it have no filing held: one of its
    /// events came in a sparse stream (its filing is of another province's history, not on
    /// its way in this node's streams). The same rule for the SQLite log and the simulator's.
    public static func shared(after stored: [ChangeEvent], scope: StreamScope) -> [(code: String, awaitsHistory: Bool)] {
        guard scope.isDivided else { return [] }
        let byCode = Dictionary(grouping: stored.filter { isShared($0, scope: scope) }, by: \.dossierCode)
        return byCode.keys.sorted().map { code in (code, byCode[code]!.contains { !scope.holdsDensely($0.origin) }) }
    }

    /// What the core needs to ask for dossier `code`'s history, from the events held of it.
    public static func pending(_ code: String, held events: [ChangeEvent], scope: StreamScope) -> PendingImport {
        let newestFirst = events.sorted { $0.timestamp > $1.timestamp }
        var writers: [String] = []
        for event in newestFirst where !writers.contains(event.origin) { writers.append(event.origin) }
        let provinces = Set(events.flatMap { $0.tags.map { scope.directory.resolve($0.province) } }).subtracting([scope.province].compactMap { $0 })
        return PendingImport(dossier: code, held: events.map(\.id).sorted(), writers: writers, provinces: provinces.sorted())
    }

    /// The hints `stored` call for at node `selfID` (of `scope`): for each province Q an
    /// event of `stored` brings its dossier into (no event of it held before was tagged Q),
    /// when `selfID` wrote events of that dossier not tagged Q. `history(code)` gives every
    /// event held of a dossier, the stored ones included.
    public static func hints(
        after stored: [ChangeEvent], selfID: String, scope: StreamScope, history: (String) throws -> [ChangeEvent]
    ) rethrows -> [ImportHint] {
        guard let own = scope.province else { return [] }
        var hints: Set<ImportHint> = []
        let storedIDs = Set(stored.map(\.id))
        for code in Set(stored.filter { $0.tags.contains { scope.directory.resolve($0.province) != own } }.map(\.dossierCode)).sorted() {
            let events = try history(code)
            let mine = events.filter { $0.origin == selfID }
            for province in Set(events.flatMap { $0.tags.map { scope.directory.resolve($0.province) } }) where province != own {
                let tagged = events.filter { $0.tags.contains { scope.directory.resolve($0.province) == province } }
                let entersNow = tagged.allSatisfy { storedIDs.contains($0.id) }
                let untaggedMine = mine.contains { !$0.tags.contains { scope.directory.resolve($0.province) == province } }
                if entersNow, untaggedMine { hints.insert(ImportHint(dossier: code, province: province)) }
            }
        }
        return hints.sorted { ($0.dossier, $0.province) < ($1.dossier, $1.province) }
    }
}
