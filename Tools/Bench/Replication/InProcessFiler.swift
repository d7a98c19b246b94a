import CaseCore
import CaseNode
import CaseStorage
import Foundation
import Synchronization

/// Files dossiers into a store in this process, through the node's own service (validation,
/// dossier code, fold, state, event, durable commit), from several threads at once so that
/// they share group commits. How the benchmarks fill a database with a million dossiers in
/// minutes, where filing over HTTP on this machine takes most of an hour.
struct InProcessFiler {
    let store: CaseStore
    /// The origin of every event filed (a node id; the store is not claimed by it).
    let nodeID: String
    let threads: Int

    /// Codes one agency uses before the next takes over: one agency numbers at most 9,999 a day.
    static let filingsPerAgency = 9_000
    /// Threads filing at once. Why 32: as many as the filing benchmark's largest client count,
    /// below the 64 writes one group commit takes, so every commit is shared by many filings.
    static let defaultThreads = 32
    /// Distinct filings filed in turn (as the HTTP load generators do): building a request per
    /// filing would cost more than filing it.
    static let distinctFilings = 1_000

    init(store: CaseStore, nodeID: String, threads: Int = defaultThreads) {
        precondition(threads > 0, "at least one filing thread")
        self.store = store
        self.nodeID = nodeID
        self.threads = threads
    }

    /// Files `count` dossiers, under a new agency code every `filingsPerAgency`; returns the seconds taken.
    /// `progress` hears the count filed so far after each agency's share.
    func file(count: Int, seed: UInt64, progress: (Int) -> Void = { _ in }) throws -> Double {
        let catalogue = try ShippedData.catalogue()
        let calendar = try WorkingCalendar(holidays: [])
        var factory = FilingFactory(seed: seed)
        let requests = try (0..<min(count, Self.distinctFilings)).map { _ in try FilingRequest(json: factory.next()) }
        let watch = Stopwatch()
        var filed = 0
        var agencyNumber = 0
        while filed < count {
            let service = try DossierService(
                nodeID: nodeID, agency: "000.00.99.P\(agencyNumber)", store: store, catalogue: catalogue, calendar: calendar, clock: SystemClock())
            let share = min(count - filed, Self.filingsPerAgency)
            try fileConcurrently(share, with: service, requests: requests, startingAt: filed)
            filed += share
            agencyNumber += 1
            progress(filed)
        }
        return watch.elapsedSeconds
    }

    /// Files `share` dossiers through `service` from `threads` threads; throws the first failure.
    private func fileConcurrently(_ share: Int, with service: DossierService, requests: [FilingRequest], startingAt offset: Int) throws {
        let failure = Mutex<(any Error)?>(nil)
        let group = DispatchGroup()
        let threadCount = threads
        for thread in 0..<threadCount {
            let mine = Array(stride(from: thread, to: share, by: threadCount))
            guard !mine.isEmpty else { continue }
            group.enter()
            Thread {
                defer { group.leave() }
                for index in mine {
                    if failure.withLock({ $0 != nil }) { return }
                    do {
                        _ = try service.file(requests[(offset + index) % requests.count])
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                }
            }.start()
        }
        group.wait()
        if let error = failure.withLock({ $0 }) { throw BenchError("filing in process failed: \(error)") }
    }
}
