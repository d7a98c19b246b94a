import CaseCore
import CaseStorage
import Synchronization
import CaseSupport
import CaseReplication

/// The members an admin retired, as this node last heard from its replication
/// core, kept in `node_meta` so that retirements survive restarts: the core
/// is given them back at start, and the peer transport refuses a retired
/// node's handshake from the first moment (`refusal(of:)`).
///
/// Persisted as a JSON array of `{"id", "incarnation", "peerAddress", "httpAddress"}`
/// under the key `retired_members`; this node's own id is in it when a peer
/// told it that it was retired.
final class RetiredMemberRegistry: Sendable {
    static let metaKey = "retired_members"
    /// The membership table's own bound: no more members can be retired than can be known.
    static let maxRecords = 16_384

    private let store: CaseStore
    private let records: Mutex<[String: MemberRecord]>

    /// Reads what the database holds.
    init(store: CaseStore) throws {
        self.store = store
        let text = try store.read { try $0.meta(Self.metaKey) }
        let decoded = try text.map(Self.decode) ?? []
        records = Mutex(Dictionary(uniqueKeysWithValues: decoded.map { ($0.id, $0) }))
    }

    /// Sorted by id.
    var all: [MemberRecord] {
        records.withLock { Array($0.values) }.sorted { $0.id < $1.id }
    }

    func contains(_ id: String) -> Bool {
        records.withLock { $0[id] != nil }
    }

    /// Why the transport refuses `id`'s hello, or nil when it is not retired.
    func refusal(of id: String) -> String? {
        guard contains(id) else { return nil }
        return "node \(id) was retired by an admin (commune merger) and is refused; "
            + "an admin can re-admit it with 'casectl readmit \(id)' (signed with '--root-key FILE' where the cluster has a root key), then start it with --readmit"
    }

    /// Replaces the set with what the core reports and persists it; returns the
    /// ids that became retired and those that were re-admitted (both sorted).
    /// The set in memory (what the transport consults) changes even when
    /// saving fails, which throws: the core's view is right either way.
    @discardableResult
    func replace(with retired: [MemberRecord]) throws -> (retired: [String], readmitted: [String]) {
        let kept = Array(retired.sorted { $0.id < $1.id }.prefix(Self.maxRecords))
        let fresh = Dictionary(uniqueKeysWithValues: kept.map { ($0.id, $0) })
        let old = records.withLock { old in
            defer { old = fresh }
            return old
        }
        try persist(kept)
        return (fresh.keys.filter { old[$0] == nil }.sorted(), old.keys.filter { fresh[$0] == nil }.sorted())
    }

    /// Forgets one id (a node started with --readmit forgets its own retirement).
    func remove(_ id: String) throws {
        try replace(with: all.filter { $0.id != id })
    }

    private func persist(_ records: [MemberRecord]) throws {
        let json: JSONValue = .array(records.map { record in
            [
                "id": .string(record.id), "incarnation": .int(Int64(clamping: record.incarnation)),
                "peerAddress": .string(record.peerAddress), "httpAddress": .string(record.httpAddress),
            ]
        })
        try store.write { try $0.setMeta(Self.metaKey, JSONWriter.string(json)) }
    }

    private static func decode(_ text: String) throws -> [MemberRecord] {
        do {
            let reader = try JSONParser().parse(Array(text.utf8))
            guard case .array(let items) = reader, items.count <= maxRecords else {
                throw ValidationIssue(field: metaKey, message: "expected an array of at most \(maxRecords) members")
            }
            return try items.map { item throws(ValidationIssue) in
                let fields = try JSONObjectReader(item, path: metaKey)
                guard let incarnation = try fields.int64("incarnation"), incarnation >= 0 else {
                    throw ValidationIssue(field: fields.fieldPath("incarnation"), message: "is required and not negative")
                }
                return MemberRecord(
                    id: try fields.requiredString("id"), peerAddress: try fields.requiredString("peerAddress"),
                    httpAddress: try fields.requiredString("httpAddress"), incarnation: UInt64(incarnation), state: .retired)
            }
        } catch {
            throw ConfigurationError("data: the list of retired members in the database is unreadable (\(error)); it is node_meta '\(metaKey)'")
        }
    }
}
