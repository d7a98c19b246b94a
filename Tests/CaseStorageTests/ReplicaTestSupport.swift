import CaseCore
import TestSupport
import XCTest

@testable import CaseStorage
import CaseSupport
import CaseReplication
import CaseSQLite

/// Builds valid events as nodes of a cluster would write them: each origin numbers its own
/// events 1, 2, 3…, and every event gets a later HLC timestamp than the one before, unless
/// the test passes the time explicitly (to stage concurrent steps).
struct EventFactory {
    /// 2025-07-01 09:00 in Vietnam: a working day.
    static let startMs: Int64 = 1_751_335_200_000
    static let agency = "000.00.12.H56"

    private(set) var nextSequence: [String: Int64] = [:]
    private(set) var nowMs = EventFactory.startMs

    /// A well-formed dossier code, the `number`th of the day.
    static func code(_ number: Int) -> String {
        DossierCode(agency: agency, date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: number).description
    }

    /// The filing of dossier `code` at `origin`.
    mutating func filed(
        _ code: String, at origin: String, channel: Dossier.Channel = .counter,
        applicant name: String = "Nguyễn Văn Ánh", atMs: Int64? = nil
    ) -> ChangeEvent {
        let payload = FiledPayload(
            channel: channel, procedureCode: "1.001612", procedureName: "Đăng ký khai sinh", timeLimitWorkingDays: 1,
            feesVND: 0, applicant: Applicant(fullName: name, idNumber: "001090012345"), documents: [],
            receivingCentre: origin, competentCentre: origin,
            originalDueAt: Instant(millisecondsSinceEpoch: Self.startMs + 86_400_000), note: nil)
        return make(origin: origin, code: code, kind: .filed, payload: payload.json, atMs: atMs)
    }

    /// A workflow step on dossier `code` taken at `origin`.
    mutating func step(
        _ action: WorkflowAction, on code: String, at origin: String, payload: [String: JSONValue] = [:],
        atMs: Int64? = nil
    ) -> ChangeEvent {
        make(origin: origin, code: code, kind: .action(action), payload: .object(payload), atMs: atMs)
    }

    /// An event with any kind and payload (for invalid ones), numbered like the others.
    mutating func make(origin: String, code: String, kind: EventKind, payload: JSONValue, atMs: Int64? = nil) -> ChangeEvent {
        let sequence = nextSequence[origin, default: 0] + 1
        nextSequence[origin] = sequence
        nowMs = atMs ?? (nowMs + 1_000)
        return ChangeEvent(
            origin: origin, sequence: sequence, timestamp: HLCTimestamp(physicalMs: nowMs, logical: 0),
            dossierCode: code, kind: kind, actor: "cán bộ một cửa", centre: origin, payload: payload)
    }
}

/// Opens node databases in one temporary directory that lives as long as this value.
final class StoreFixture {
    let directory: TemporaryDirectory
    private var opened: [CaseStore] = []

    init() throws {
        directory = try TemporaryDirectory()
    }

    deinit {
        for store in opened { store.close() }
    }

    /// A store (new or existing) named `name`, closed when the fixture goes away.
    func store(_ name: String, configuration: SQLiteConfiguration = SQLiteConfiguration()) throws -> CaseStore {
        let store = try CaseStore(path: directory.path("\(name).sqlite"), configuration: configuration, readerCount: 2)
        opened.append(store)
        return store
    }

    /// The replica log over a new or existing store named `name`.
    func log(_ name: String) throws -> SQLiteReplicaLog {
        SQLiteReplicaLog(store: try store(name))
    }
}

/// Everything a replica holds, in a form two replicas can be compared by.
struct ReplicaContents: Equatable, CustomStringConvertible {
    var versionVector: VersionVector
    var eventCount: Int64
    /// Each dossier's stored state text, by code.
    var states: [String: String]
    var digest: StateDigest

    init(_ store: CaseStore) throws {
        (versionVector, eventCount, digest) = try store.read { reader in
            (VersionVector(try reader.versionVector()), try reader.eventCount(), try reader.stateDigest())
        }
        states = [:]
        for row in try rawRows(store, "SELECT code, state FROM dossiers") {
            states[try XCTUnwrap(row[0].stringValue)] = try XCTUnwrap(row[1].stringValue)
        }
    }

    var description: String {
        "vector \(versionVector), \(eventCount) events, \(states.count) dossiers, digest \(digest.hex.prefix(16))…"
    }
}

/// Rows of `sql` read through a separate connection, bypassing the store's API
/// (what an operator with the sqlite3 shell would see).
func rawRows(_ store: CaseStore, _ sql: String, _ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
    let connection = try SQLiteConnection(path: store.path, configuration: SQLiteConfiguration(readOnly: true))
    defer { try? connection.close() }
    return try connection.query(sql, bindings)
}

/// Runs SQL against the store's file through a separate read-write connection, bypassing the store.
func rawExecute(_ store: CaseStore, _ sql: String, _ bindings: [SQLiteValue] = []) throws {
    let connection = try SQLiteConnection(path: store.path)
    defer { try? connection.close() }
    try connection.execute(sql, bindings)
}

/// The stored dossier `code` decoded, or nil when the store has no row for it.
func storedDossier(_ store: CaseStore, _ code: String) throws -> StoredDossier? {
    try store.read { try $0.dossier(code: code) }
}

extension CaseStore {
    /// Writes `event` as the node's own, the way `DossierService` does: append it and save
    /// the dossier folded from all its events, in one transaction.
    func writeLocal(_ event: ChangeEvent) throws {
        try write { writer in
            try writer.append(event)
            let dossier = try XCTUnwrap(try DossierReducer.fold(try writer.reader.events(forDossier: event.dossierCode)))
            try writer.save(dossier)
        }
    }

    func maintainedAndRecomputedDigests() throws -> (maintained: StateDigest, recomputed: StateDigest) {
        try read { (try $0.stateDigest(), try $0.recomputeStateDigest()) }
    }
}
