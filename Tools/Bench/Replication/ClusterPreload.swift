import CaseCore
import CaseStorage
import Foundation
import Glibc

/// Gives every node of a local cluster, before its first start, the same database of
/// `dossiers` filings: filed once in this process (`InProcessFiler`) into a seed store, then
/// copied into each node's data directory by the node's own online backup (once, then the
/// file), which leaves the copy unowned so each node adopts it under its own id (`CaseStore.backup`).
///
/// Why not file over HTTP: this machine files ~650 dossiers/s that way, so a million would
/// take most of an hour; the bootstrap benchmark needs the million, not the loading.
/// The events' origin is `seedNodeID`, never a member: to a new node the cluster looks as if
/// its dossiers had been filed at a centre since retired and replicated everywhere.
/// With `identities`, that centre had a key the cluster's root certified: every event is
/// signed, and its certificate is in the copies, so nodes with the root key ship it with the
/// events and a new node verifies them on receipt (unsigned, it would refuse them all).
struct ClusterPreload {
    let directory: String
    let dossiers: Int
    var identities: BenchIdentities? = nil
    let log: @Sendable (String) -> Void

    static let seedNodeID = "preload"
    /// The database file a node opens in its data directory (`NodeConfiguration.databasePath`).
    static let databaseFileName = "casestore.sqlite"

    /// A dossier's share of a node's database file (event, state, indexes): 6.4 GB held 1,000,000.
    static let bytesPerDossier = 6_500

    /// Fills the seed and copies it to `nodeDirectories`; returns the filing rate (filings/s).
    func seed(nodeDirectories: [String]) throws -> Double {
        let seedPath = directory + "/preload-seed.sqlite"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try checkFreeSpace(copies: nodeDirectories.count)
        let store = try openSeed(seedPath)
        defer {
            store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: seedPath + suffix) }
        }
        let step = max(dossiers / 10, 1)
        var reported = 0
        let seconds = try InProcessFiler(store: store, nodeID: Self.seedNodeID).file(count: dossiers, seed: 23) { filed in
            guard filed - reported >= step || filed == dossiers else { return }
            reported = filed
            log("    preloaded \(filed) of \(dossiers) dossiers")
        }
        let rate = Double(dossiers) / max(seconds, 0.001)
        log(String(format: "    filed %d dossiers in process in %.1f s (%.0f/s); copying to %d nodes", dossiers, seconds, rate, nodeDirectories.count))
        // One checked backup, then plain copies of it: the backup is a single complete file
        // (no WAL), and checking a copy of gigabytes three times would take minutes.
        var first: String?
        for nodeDirectory in nodeDirectories {
            // A node's data directory: casenode refuses one that is not owner-only.
            try FileManager.default.createDirectory(
                atPath: nodeDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let path = nodeDirectory + "/" + Self.databaseFileName
            if let first {
                try FileManager.default.copyItem(atPath: first, toPath: path)
            } else {
                _ = try store.backup(to: path)
                first = path
            }
        }
        // The copies are gigabytes of dirty pages; flushed now, so that the kernel writing them
        // back cannot overlap the timed bootstrap's own flushes. Suspected, not shown, to be
        // part of why one build's single bootstraps ranged from 79 to 104 s.
        sync()
        return rate
    }

    /// The seed store: signing as `seedNodeID` and holding its certificate when there are identities.
    func openSeed(_ path: String) throws -> CaseStore {
        guard let identities else { return try CaseStore(path: path) }
        let (key, certificate) = identities.issue(for: Self.seedNodeID)
        let store = try CaseStore(path: path, signing: EventSigning(signer: (Self.seedNodeID, key), trust: identities.trust))
        do {
            try store.write { try $0.storeCertificates([certificate]) }
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// Refuses to start when the disk cannot hold the seed, a copy per node and the new node's
    /// database: better said now than as a full disk after minutes of filing.
    private func checkFreeSpace(copies: Int) throws {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: directory)
        guard let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value else { return }
        let needed = Int64(dossiers) * Int64(Self.bytesPerDossier) * Int64(copies + 2)
        guard free >= needed else {
            throw BenchError(String(format: "a cluster preloaded with %d dossiers needs about %.1f GB free in %@ (the seed, %d copies, the new node); there are %.1f GB",
                                    dossiers, Double(needed) / 1e9, directory, copies, Double(free) / 1e9))
        }
    }
}
