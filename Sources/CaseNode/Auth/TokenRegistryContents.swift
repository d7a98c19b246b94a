import CaseCore

/// What a node's token registry holds, sorted by what the node does with each record:
///
/// - `replicated`: the records it honours and syncs with its peers (`TokenSet`);
/// - `local`: its own local admin token (identity mode), honoured here, never sent;
/// - `dormant`: rows its mode does not honour (unsigned ones in strict identity mode,
///   signed ones in legacy mode), kept in the database so that changing the mode back
///   loses nothing, but neither honoured nor sent.
struct TokenRegistryContents: Sendable {
    var replicated = TokenSet()
    var local: [String: TokenRecord] = [:]
    var dormant: [String: [TokenRecord]] = [:]

    init() {}

    /// The database's rows, sorted as `policy` treats them.
    init(rows: [TokenRecord], policy: TokenPolicy) throws(TokenMergeRefusal) {
        var honoured: [TokenRecord] = []
        for row in rows {
            switch (row.provenance, policy.honours(row)) {
            case (.local, _): local[row.id] = row
            case (_, true): honoured.append(row)
            case (_, false): dormant[row.id, default: []].append(row)
            }
        }
        replicated = try TokenSet(honoured)
    }

    /// The honoured records a presented token of this id may be: replicated ones of
    /// every issuer (one, but for a deliberate 64-bit id search) and the local one.
    func candidates(id: String) -> [TokenRecord] {
        replicated.records(withID: id) + (local[id].map { [$0] } ?? [])
    }

    /// The records of this id held but not honoured in this mode.
    func dormant(id: String) -> [TokenRecord] { dormant[id] ?? [] }

    /// Everything held, honoured or not, sorted by key.
    var all: [TokenRecord] {
        (replicated.sorted + local.values + dormant.values.joined()).sorted { ($0.key, $0.provenance.name) < ($1.key, $1.provenance.name) }
    }

    /// Merges `records` (local ones into `local`, the rest into `replicated`); returns
    /// what changed. All or nothing, as `TokenSet.merge`.
    mutating func merge(_ records: [TokenRecord]) throws(TokenMergeRefusal) -> TokenSetChange {
        var change = try replicated.merge(records.filter { $0.provenance != .local })
        for record in records where record.provenance == .local {
            let merged = local[record.id].map { $0.merged(with: record) } ?? record
            guard merged != local[record.id] else { continue }
            local[record.id] = merged
            change.changed.append(merged)
        }
        return change
    }
}
