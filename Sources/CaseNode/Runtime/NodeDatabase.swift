import CaseCore
import CaseStorage
import CaseReplication
import Foundation
import CaseSupport
import CaseSQLite

/// Opens a node's database the way its configuration asks: capped in size, through the
/// fault-injecting VFS in debug mode, checked for damage, or moved aside and started
/// empty for a rebuild from peers.
enum NodeDatabase {
    /// `node_meta` key present while a rebuilt database has not yet caught up with its own
    /// origin's events; kept in the file so a restart mid-rebuild stays in rebuild mode.
    static let rebuildMetaKey = "rebuild_pending"
    /// The VFS name the debug fault injection registers (one per process).
    static let faultVFSName = "casestore-faults"
    /// quick_check stops after this many problems: the first few name the damage, the rest add nothing.
    static let maxReportedProblems = 3

    struct Opened {
        let store: CaseStore
        #if FAULT_INJECTION
        /// The fault-injecting VFS the store runs on (`--debug-faults`, debug builds only).
        let faults: FaultInjectingVFS?
        #endif
        /// Whether the node is still rebuilding from its peers.
        let rebuilding: Bool
    }

    /// `signing`: how the node signs its own events and checks received ones; `streams`:
    /// which it holds (`NodeProvince.streams`).
    static func open(
        _ configuration: NodeConfiguration, signing: EventSigning = .none, streams: StreamScope = .single, logger: Logger
    ) throws -> Opened {
        let path = configuration.databasePath
        #if FAULT_INJECTION
        let faults = configuration.debugFaults ? try FaultInjectingVFS.register(name: faultVFSName) : nil
        if faults != nil { logger.warning("debug: storage faults enabled (POST /v1/debug/storage); never run production like this") }
        let vfsName = faults?.name
        #else
        let vfsName: String? = nil
        #endif
        if configuration.rebuild {
            guard !configuration.joinAddresses.isEmpty else {
                throw ConfigurationError("--rebuild needs --join HOST:PORT: the peers to rebuild this node's data from")
            }
            try moveAside(path, logger: logger)
        }
        let store = try openChecked(
            path, SQLiteConfiguration(maxFileBytes: configuration.maxDatabaseBytes, vfsName: vfsName), signing: signing, streams: streams)
        do {
            if configuration.rebuild { try markRebuilding(store, nodeID: configuration.id) }
            let rebuilding = try store.read { try $0.meta(rebuildMetaKey) } != nil
            if rebuilding {
                logger.warning(
                    "rebuilding from peers: filings and steps are refused until this node holds all its own earlier events",
                    .safe("join", configuration.joinAddresses.joined(separator: ",")))
            }
            #if FAULT_INJECTION
            return Opened(store: store, faults: faults, rebuilding: rebuilding)
            #else
            return Opened(store: store, rebuilding: rebuilding)
            #endif
        } catch {
            store.close()
            throw error
        }
    }

    /// Opens the file and runs `PRAGMA quick_check` (O(size), fine once at start).
    private static func openChecked(
        _ path: String, _ sqlite: SQLiteConfiguration, signing: EventSigning, streams: StreamScope
    ) throws -> CaseStore {
        let store: CaseStore
        do {
            store = try CaseStore(path: path, configuration: sqlite, signing: signing, streams: streams)
        } catch let error as SQLiteError where error.isCorrupt {
            throw DamagedDatabaseError(path: path, detail: error.message)
        }
        let problems: [String]
        do {
            problems = try store.quickCheck()
        } catch let error as SQLiteError where error.isCorrupt {
            store.close()
            throw DamagedDatabaseError(path: path, detail: error.message)
        }
        guard problems == ["ok"] else {
            store.close()
            throw DamagedDatabaseError(path: path, detail: problems.prefix(maxReportedProblems).joined(separator: "; "))
        }
        return store
    }

    /// Renames the database and its WAL and shared-memory files with a timestamp. Never
    /// deletes: the damaged file may still hold what an admin wants to look at.
    private static func moveAside(_ path: String, logger: Logger) throws {
        let files = FileManager.default
        guard ["", "-wal", "-shm"].contains(where: { files.fileExists(atPath: path + $0) }) else { return }
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
        var target = "\(path).damaged-\(stamp)"
        var attempt = 1
        while files.fileExists(atPath: target) {
            attempt += 1
            target = "\(path).damaged-\(stamp)-\(attempt)"
        }
        // The WAL and shared memory first, the database last: a crash in between must never
        // leave the old WAL beside a new empty database, where SQLite would replay it.
        for suffix in ["-wal", "-shm", ""] where files.fileExists(atPath: path + suffix) {
            do {
                try files.moveItem(atPath: path + suffix, toPath: target + suffix)
            } catch {
                throw ConfigurationError("--rebuild: cannot move \(path + suffix) aside to \(target + suffix): \(error.localizedDescription)")
            }
        }
        logger.warning("moved the old database aside (kept, not deleted)", .safe("from", path), .safe("to", target))
    }

    /// Claims the fresh file for `nodeID` and marks it rebuilding. Its incarnation restarts
    /// from the wall clock in seconds: larger than any count of restarts the damaged file
    /// held, so this node's "alive" outranks whatever the cluster remembers of it.
    private static func markRebuilding(_ store: CaseStore, nodeID: String) throws {
        let wallSeconds = UInt64(max(1, Date().timeIntervalSince1970))
        try store.write { writer in
            try writer.setMeta("node_id", nodeID)
            try writer.setMeta("incarnation", String(wallSeconds))
            try writer.setMeta(rebuildMetaKey, String(wallSeconds))
        }
    }
}
