@testable import Bench
import CaseCore
import CaseReplication
import CaseStorage
import Foundation
import XCTest

/// The bootstrap benchmark's preloaded cluster with certified nodes: a node with the root
/// key stores only events whose signatures a root-certified key made, so the preload must
/// sign them and carry that certificate.
final class ClusterPreloadTests: XCTestCase {
    func testACertifiedPreloadIsStoredByAVerifyingNodeAndAnUncertifiedOneIsRefused() throws {
        let directory = NSTemporaryDirectory() + "preload-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let identities = BenchIdentities()
        for (label, preloadIdentities, expected) in [("certified", identities, 12), ("uncertified", nil, 0)] {
            let cluster = directory + "/" + label
            let node = LocalCluster.nodeDirectory(0, in: cluster)
            _ = try ClusterPreload(directory: cluster, dossiers: 12, identities: preloadIdentities, log: { _ in })
                .seed(nodeDirectories: [node])
            // What a holder sends a bootstrapping node: the events and their origin's certificates.
            let holder = try CaseStore(path: node + "/" + ClusterPreload.databaseFileName)
            defer { holder.close() }
            let holderLog = SQLiteReplicaLog(store: holder)
            let events = try holderLog.events(missingFrom: VersionVector(), maxEvents: 100, maxBytes: 1 << 22)
            XCTAssertEqual(events.count, 12, label)
            let certificates = try holderLog.certificates(of: [ClusterPreload.seedNodeID])
            XCTAssertEqual(certificates.count, preloadIdentities == nil ? 0 : 1, label)

            let receiver = try CaseStore(path: cluster + "/receiver.sqlite", signing: EventSigning(trust: identities.trust))
            defer { receiver.close() }
            let stored = try SQLiteReplicaLog(store: receiver).apply(events, certificates: certificates)
            XCTAssertEqual(stored.count, expected, "\(label): events a node with the root key stores")
        }
    }
}
