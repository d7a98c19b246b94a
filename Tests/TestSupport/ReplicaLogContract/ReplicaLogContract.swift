import CaseCore
import CaseReplication
import CaseSupport
import XCTest

/// The `ReplicaLog` contract, written once for both logs: each clause is a test body that
/// makes its own empty logs through the factory it was given, so the same clauses run on the
/// SQLite log (`SQLiteReplicaLogContractTests`, CaseStorageTests) and on the simulator's
/// in-memory log (`InMemoryReplicaLogContractTests`, CaseSimulationTests). Their test classes
/// declare one test per clause (see `ReplicaLogContractTests`).
///
/// Every log of a clause belongs to node `local`; the events it receives come from other nodes.
public struct ReplicaLogContract<Log: ReplicaLog> {
    /// The node the logs belong to.
    public static var local: String { "n1" }

    private let makeBaseLog: (_ localOrigin: String) throws -> Log
    private let appendBaseLocal: (_ event: ChangeEvent, _ log: Log) throws -> Void
    private let checksEveryEvent: Bool

    /// - Parameters:
    ///   - checksEveryEvent: whether `apply` refuses a call for any invalid event in it (an
    ///     origin that is not a node name, a dossier code that is not one, a filing that cannot
    ///     start a dossier), whether or not that event would be stored; if not, it refuses
    ///     only a call whose stored events leave a dossier that does not fold. The two logs
    ///     differ here: see `anInvalidEventThatWouldNotBeFoldedIsRefusedOnlyWhereEveryEventIsChecked()`.
    ///   - makeLog: a new, empty log for the node `localOrigin`.
    ///   - appendLocal: stores `event`, written by a clerk of the log's own node, the way
    ///     that node stores its own events (not as received).
    public init(
        checksEveryEvent: Bool, makeLog: @escaping (_ localOrigin: String) throws -> Log,
        appendLocal: @escaping (_ event: ChangeEvent, _ log: Log) throws -> Void
    ) {
        self.checksEveryEvent = checksEveryEvent
        self.makeBaseLog = makeLog
        self.appendBaseLocal = appendLocal
    }

    /// The clauses compare what a log holds with what it was given: the content of events,
    /// not the chain links and signatures a log adds as it stores them (a clause of its own
    /// checks those, on the log itself).
    private func makeLog(_ localOrigin: String) throws -> ContentOnlyLog<Log> {
        ContentOnlyLog(try makeBaseLog(localOrigin))
    }

    private func appendLocal(_ event: ChangeEvent, _ log: ContentOnlyLog<Log>) throws {
        try appendBaseLocal(event, log.base)
    }

    // MARK: - Chain links

    public func storedEventsAreLinkedIntoTheirOriginsChainHoweverTheyArrive() throws {
        let log = try makeBaseLog(Self.local)
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 4)
        _ = try log.apply([chain[1], chain[0]])
        _ = try log.apply(Array(chain[2...]))
        var link = EventChain.genesis(origin: "n2")
        for event in chain {
            link = EventChain.link(after: link, event)
            XCTAssertEqual(try log.event(event.id)?.chain, link, "\(event.id)")
        }
        let local = TestEvents.filed(Self.code(Self.local), origin: Self.local, sequence: 1)
        try appendBaseLocal(local, log)
        XCTAssertEqual(try log.event(local.id)?.chain, EventChain.link(after: EventChain.genesis(origin: Self.local), local))
    }

    // MARK: - The version vector and apply

    public func anEmptyLogHoldsNothing() throws {
        let log = try makeLog(Self.local)

        XCTAssertEqual(try log.versionVector(), VersionVector())
        XCTAssertEqual(try everything(in: log), [])
        XCTAssertNil(try log.event(EventID(origin: Self.local, sequence: 1)))
        XCTAssertEqual(try log.digest(), .zero)
    }

    public func eventsInSequenceOrderAreStoredAndReturned() throws {
        let log = try makeLog(Self.local)
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 3)

        XCTAssertEqual(try log.apply(chain), chain)

        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 3]))
        XCTAssertEqual(try everything(in: log), chain)
    }

    /// Returned in sequence order too, within one call and across calls.
    public func eachOriginsEventsAreTakenInSequenceOrderWhateverOrderTheyCameIn() throws {
        let log = try makeLog(Self.local)
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 6)

        XCTAssertEqual(try log.apply([chain[2], chain[0], chain[1]]), Array(chain[0..<3]))
        XCTAssertEqual(try log.apply([chain[5], chain[3], chain[4]]), Array(chain[3...]))

        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 6]))
        XCTAssertEqual(try everything(in: log), chain)
    }

    public func eventsAlreadyHeldAreIgnoredAndNotReturned() throws {
        let log = try makeLog(Self.local)
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 4)
        _ = try log.apply(Array(chain.prefix(3)))
        let before = try ReplicaLogContents(log)

        XCTAssertEqual(try log.apply(Array(chain.prefix(3))), [])
        XCTAssertEqual(try log.apply([chain[1], chain[0]]), [])
        XCTAssertEqual(try ReplicaLogContents(log), before, "applying twice changes nothing")

        XCTAssertEqual(try log.apply(chain + [chain[3]]), [chain[3]], "only the new one, once")
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 4]))
    }

    public func anEventAfterAGapIsDroppedAndStoredOnceTheGapIsFilled() throws {
        let log = try makeLog(Self.local)
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 4)

        XCTAssertEqual(try log.apply([chain[0], chain[2], chain[3]]), [chain[0]])
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 1]))
        XCTAssertNil(try log.event(chain[2].id), "an event after a gap is not stored")
        XCTAssertEqual(try everything(in: log), [chain[0]])
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: [chain[0]]))

        XCTAssertEqual(try log.apply([chain[1], chain[2], chain[3]]), Array(chain[1...]))
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 4]))
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: chain))
    }

    /// Each case: the sequences held before, those of one call (in that order), what the
    /// call stores, and the head afterwards.
    public func onlyEventsThatExtendTheContiguousPrefixAreStored() throws {
        let cases: [(held: [Int64], call: [Int64], stored: [Int64], head: Int64)] = [
            ([], [1, 2, 3], [1, 2, 3], 3),
            ([], [1, 3], [1], 1),
            ([], [2], [], 0),
            ([1], [3, 2], [2, 3], 3),
            ([1, 2], [2, 3, 3, 4], [3, 4], 4),
            ([1, 2, 3], [1, 2], [], 3),
            ([1], [2, 4, 3], [2, 3, 4], 4),
            ([1], [4, 2], [2], 2),
        ]
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 4)
        for (held, call, expected, head) in cases {
            let log = try makeLog(Self.local)
            _ = try log.apply(held.map { chain[Int($0) - 1] })

            let stored = try log.apply(call.map { chain[Int($0) - 1] })

            let label = "held \(held), applying \(call)"
            XCTAssertEqual(stored.map(\.sequence), expected, label)
            XCTAssertEqual(try log.versionVector(), VersionVector(["n2": head]), label)
            XCTAssertEqual(try everything(in: log), Array(chain.prefix(Int(head))), label)
        }
    }

    /// n3's second event is withheld: n3 stops at 1 and its third is dropped; n2 and n4 go on.
    public func eachOriginOfACallAdvancesOnItsOwn() throws {
        let log = try makeLog(Self.local)
        let events = Self.filings(of: ["n2", "n3", "n4"], count: 3)
        let withheld = EventID(origin: "n3", sequence: 2)

        let stored = try log.apply(events.filter { $0.id != withheld }.reversed())

        XCTAssertEqual(stored.map(\.id.description), ["n2/1", "n2/2", "n2/3", "n3/1", "n4/1", "n4/2", "n4/3"])
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 3, "n3": 1, "n4": 3]))
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: stored))
    }

    public func anEmptyCallChangesNothing() throws {
        let log = try makeLog(Self.local)
        _ = try log.apply(TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 2))
        let before = try ReplicaLogContents(log)

        XCTAssertEqual(try log.apply([]), [])

        XCTAssertEqual(try ReplicaLogContents(log), before)
    }

    /// The node's own events are in the same log as received ones: in its vector, in what it
    /// ships, in the dossiers' state, and held already when they come back from a peer.
    public func localAndReceivedEventsShareOneLog() throws {
        let log = try makeLog(Self.local)
        let code = Self.code(Self.local)
        let filing = TestEvents.filed(code, origin: Self.local, sequence: 1)
        let remoteStart = TestEvents.step(.start, code, origin: "n2", sequence: 1, atMs: 10)
        let resolve = TestEvents.step(.resolve, code, origin: Self.local, sequence: 2, atMs: 20)

        try appendLocal(filing, log)
        XCTAssertEqual(try log.apply([remoteStart]), [remoteStart])
        try appendLocal(resolve, log)

        XCTAssertEqual(try log.versionVector(), VersionVector([Self.local: 2, "n2": 1]))
        XCTAssertEqual(try everything(in: log), [filing, resolve, remoteStart])
        XCTAssertEqual(try log.apply([resolve, filing]), [], "its own events coming back are held already")
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: [filing, remoteStart, resolve]))
    }

    // MARK: - What a peer lacks

    public func missingEventsComeOriginByOriginInSequenceOrder() throws {
        let log = try makeLog(Self.local)
        let n4 = TestEvents.chain(origin: "n4", code: Self.code("n4"), count: 3)
        let n2 = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 2)
        _ = try log.apply(TestEvents.chain(origin: "n3", code: Self.code("n3"), count: 1))
        _ = try log.apply(n4)
        _ = try log.apply(n2)

        let missing = try log.events(missingFrom: VersionVector(["n4": 1, "n3": 1, "n7": 4]), maxEvents: 500, maxBytes: 1 << 20)

        XCTAssertEqual(missing, n2 + n4[1...], "\(missing.map(\.id))")
    }

    public func nothingIsMissingFromAHolderOfEverything() throws {
        let log = try makeLog(Self.local)
        _ = try log.apply(Self.filings(of: ["n2", "n3"], count: 2))
        let ahead = VersionVector(["n2": 9, "n3": 2, "n7": 3])

        XCTAssertEqual(try log.events(missingFrom: try log.versionVector(), maxEvents: 500, maxBytes: 1 << 20), [])
        XCTAssertEqual(try log.events(missingFrom: ahead, maxEvents: 500, maxBytes: 1 << 20), [])
    }

    public func theCountBoundCutsAcrossOrigins() throws {
        let log = try makeLog(Self.local)
        let events = Self.filings(of: ["n2", "n3", "n4"], count: 4)
        _ = try log.apply(events)
        let cases: [(maxEvents: Int, count: Int)] = [(1, 1), (4, 4), (6, 6), (12, 12), (13, 12)]
        for (maxEvents, count) in cases {
            let batch = try log.events(missingFrom: VersionVector(), maxEvents: maxEvents, maxBytes: 1 << 20)
            XCTAssertEqual(batch.map(\.id), events.prefix(count).map(\.id), "maxEvents \(maxEvents)")
        }
    }

    /// By `ChangeEvent.estimatedEncodedBytes`; here all events have the same estimate.
    public func theByteBoundStopsBeforeItWouldBePassed() throws {
        let log = try makeLog(Self.local)
        let events = Self.filings(of: ["n2", "n3", "n4"], count: 4)
        _ = try log.apply(events)
        let size = events[0].estimatedEncodedBytes
        XCTAssertTrue(events.allSatisfy { $0.estimatedEncodedBytes == size }, "the cases assume equal estimates")
        let cases: [(maxBytes: Int, count: Int)] = [(3 * size, 3), (4 * size - 1, 3), (4 * size, 4), (5 * size, 5), (12 * size, 12)]
        for (maxBytes, count) in cases {
            let batch = try log.events(missingFrom: VersionVector(), maxEvents: 500, maxBytes: maxBytes)
            XCTAssertEqual(batch.map(\.id), events.prefix(count).map(\.id), "maxBytes \(maxBytes), \(size) per event")
        }
    }

    /// The batch ends at the first event that does not fit, though a smaller one of the next
    /// origin would: it stays a run per origin, and the next request resumes where it stopped.
    public func aBatchEndsAtTheFirstEventThatDoesNotFit() throws {
        let log = try makeLog(Self.local)
        let code = Self.code("n2")
        let filing = TestEvents.filed(code, origin: "n2", sequence: 1)
        let longNote = TestEvents.step(.note, code, origin: "n2", sequence: 2, atMs: 1, payload: ["note": .string(String(repeating: "ghi chú ", count: 200))])
        let otherFiling = TestEvents.filed(Self.code("n3"), origin: "n3", sequence: 1)
        _ = try log.apply([filing, longNote, otherFiling])
        XCTAssertGreaterThan(longNote.estimatedEncodedBytes, otherFiling.estimatedEncodedBytes)

        let maxBytes = filing.estimatedEncodedBytes + otherFiling.estimatedEncodedBytes
        XCTAssertEqual(try log.events(missingFrom: VersionVector(), maxEvents: 500, maxBytes: maxBytes), [filing])
        XCTAssertEqual(try log.events(missingFrom: VersionVector(["n2": 1]), maxEvents: 500, maxBytes: maxBytes), [longNote])
    }

    public func atLeastOneEventComesWhenAnyIsMissing() throws {
        let log = try makeLog(Self.local)
        let events = Self.filings(of: ["n2", "n3"], count: 2)
        _ = try log.apply(events)

        XCTAssertEqual(try log.events(missingFrom: VersionVector(), maxEvents: 500, maxBytes: 1), [events[0]])
        XCTAssertEqual(try log.events(missingFrom: VersionVector(["n2": 2]), maxEvents: 500, maxBytes: 1), [events[2]])
        XCTAssertEqual(try log.events(missingFrom: VersionVector(["n2": 1]), maxEvents: 1, maxBytes: 1 << 20), [events[1]])
    }

    // MARK: - Single events and the digest

    public func anEventIsFoundByItsIdentity() throws {
        let log = try makeLog(Self.local)
        let chain = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 2)
        _ = try log.apply(chain)

        XCTAssertEqual(try log.event(chain[0].id), chain[0])
        XCTAssertEqual(try log.event(chain[1].id), chain[1])
        XCTAssertNil(try log.event(EventID(origin: "n2", sequence: 3)))
        XCTAssertNil(try log.event(EventID(origin: "n2", sequence: 0)))
        XCTAssertNil(try log.event(EventID(origin: "n5", sequence: 1)))
    }

    /// Any two logs holding the same events report the same digest, whatever the log.
    public func theDigestIsOfTheDossiersTheEventsFoldTo() throws {
        let log = try makeLog(Self.local)
        let first = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 2)
        let second = TestEvents.chain(origin: "n3", code: Self.code("n3"), count: 1)

        _ = try log.apply(first)
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: first))
        XCTAssertNotEqual(try log.digest(), .zero)

        _ = try log.apply(second)
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: first + second))
    }

    public func stepsThatArriveBeforeTheirFilingAreFoldedWhenItArrives() throws {
        let log = try makeLog(Self.local)
        let code = Self.code("n2")
        let filing = TestEvents.filed(code, origin: "n2", sequence: 1)
        let start = TestEvents.step(.start, code, origin: "n3", sequence: 1, atMs: 10)

        XCTAssertEqual(try log.apply([start]), [start], "another origin's step is stored before the filing")
        XCTAssertEqual(try log.versionVector(), VersionVector(["n3": 1]))
        XCTAssertEqual(try log.digest(), .zero, "no dossier without its filing")

        XCTAssertEqual(try log.apply([filing]), [filing])
        XCTAssertEqual(try log.digest(), try Self.digest(ofDossiersIn: [filing, start]))
    }

    /// Concurrent and conflicting steps from three origins, delivered in random batches in
    /// random orders (some dropped as gaps, brought again later): every log ends with the
    /// same events and the digest of their fold.
    public func theDigestIsTheSameWhateverTheOrderAndBatchingOfArrival() throws {
        let code = Self.code("n2"), other = Self.code("n3")
        let events = [
            TestEvents.filed(code, origin: "n2", sequence: 1, atMs: 0),
            TestEvents.step(.start, code, origin: "n2", sequence: 2, atMs: 20),
            TestEvents.step(.resolve, code, origin: "n2", sequence: 3, atMs: 40),
            TestEvents.filed(other, origin: "n3", sequence: 1, atMs: 5),
            TestEvents.step(.start, code, origin: "n3", sequence: 2, atMs: 25),  // conflicts with n2's start
            TestEvents.step(.requestWithdrawal, other, origin: "n3", sequence: 3, atMs: 30),
            TestEvents.step(.requestSupplement, code, origin: "n4", sequence: 1, atMs: 35, payload: ["remainingWorkingMs": 1_000]),
            TestEvents.step(.stop, other, origin: "n4", sequence: 2, atMs: 45, payload: ["reason": "rút hồ sơ"]),
            TestEvents.step(.note, code, origin: "n4", sequence: 3, atMs: 1, payload: ["note": "sớm"]),
        ]
        let folded = try XCTUnwrap(try DossierReducer.fold(events.filter { $0.dossierCode == code }))
        XCTAssertFalse(folded.conflicts.isEmpty, "the scenario must hold a conflict")
        let expected = try ReplicaLogContents(
            vector: VersionVector(["n2": 3, "n3": 3, "n4": 3]), events: Self.inIdentityOrder(events),
            digest: Self.digest(ofDossiersIn: events))
        var random = SplitMix64(seed: 7)
        for trial in 0..<40 {
            let log = try makeLog(Self.local)
            var calls = 0
            while try log.versionVector() != expected.vector, calls < 1_000 {
                calls += 1
                let count = Int.random(in: 1...events.count, using: &random)
                _ = try log.apply(Array(events.shuffled(using: &random).prefix(count)))
            }
            XCTAssertEqual(try ReplicaLogContents(log), expected, "trial \(trial), after \(calls) calls")
        }
    }

    // MARK: - Refusal

    /// The stored filing stays as it was, the step of the same call is not stored, and the
    /// call's valid events are stored once they come without the malformed one.
    public func aCallWithAMalformedFilingIsRefusedWholeAndChangesNothing() throws {
        let log = try makeLog(Self.local)
        let code = Self.code("n2")
        _ = try log.apply([TestEvents.filed(code, origin: "n2", sequence: 1)])
        let before = try ReplicaLogContents(log)
        let start = TestEvents.step(.start, code, origin: "n2", sequence: 2, atMs: 5)
        let malformed = TestEvents.malformedFiling(Self.code("n3"), origin: "n3", sequence: 1)

        XCTAssertThrowsError(try log.apply([start, malformed]))

        XCTAssertEqual(try ReplicaLogContents(log), before)
        XCTAssertNil(try log.event(start.id))
        XCTAssertEqual(try log.apply([start]), [start])
    }

    /// A known difference between the logs (see `checksEveryEvent`): the SQLite log refuses
    /// a call for any invalid event in it; the in-memory log, fed only by the simulator's own
    /// clerks, refuses only what leaves a dossier it cannot fold, and stores or drops the rest
    /// by the prefix rule like any event.
    public func anInvalidEventThatWouldNotBeFoldedIsRefusedOnlyWhereEveryEventIsChecked() throws {
        let cases: [(name: String, invalid: ChangeEvent)] = [
            ("upper-case origin", TestEvents.filed(Self.code("n9"), origin: "N9", sequence: 1)),
            ("malformed dossier code", TestEvents.step(.note, "H56-2025-1", origin: "n9", sequence: 1, atMs: 3)),
            ("malformed filing after a gap", TestEvents.malformedFiling(Self.code("n9"), origin: "n9", sequence: 2)),
        ]
        for (name, invalid) in cases {
            let log = try makeLog(Self.local)
            let valid = TestEvents.chain(origin: "n2", code: Self.code("n2"), count: 2)
            if checksEveryEvent {
                XCTAssertThrowsError(try log.apply(valid + [invalid]), name)
                XCTAssertEqual(try ReplicaLogContents(log), ReplicaLogContents(vector: VersionVector(), events: [], digest: .zero), name)
            } else {
                let stored = try log.apply(valid + [invalid])
                XCTAssertEqual(stored.filter { $0.origin == "n2" }, valid, name)
                XCTAssertEqual(try log.versionVector()["n2"], 2, name)
            }
        }
    }

    // MARK: - Helpers

    /// Every event `log` holds, as it would ship them to a peer that holds nothing.
    private func everything(in log: ContentOnlyLog<Log>) throws -> [ChangeEvent] {
        try ReplicaLogContents(log).events
    }

    /// A well-formed dossier code of a dossier filed at `origin`: "N2-250701-0001" for n2.
    static func code(_ origin: String, number: Int = 1) -> String {
        let digits = String(number)
        return "\(origin.uppercased())-250701-\(String(repeating: "0", count: 4 - digits.count))\(digits)"
    }

    /// `count` filings at each origin, of dossiers of their own, in identity order; all have
    /// the same estimated size.
    static func filings(of origins: [String], count: Int) -> [ChangeEvent] {
        origins.flatMap { origin in
            (1...count).map { TestEvents.filed(code(origin, number: $0), origin: origin, sequence: Int64($0)) }
        }
    }

    static func inIdentityOrder(_ events: [ChangeEvent]) -> [ChangeEvent] {
        events.sorted { $0.id < $1.id }
    }

    /// The digest any log holding exactly `events` reports: the sum of the hashes of the
    /// canonical stored state of every dossier they fold to.
    static func digest(ofDossiersIn events: [ChangeEvent]) throws -> StateDigest {
        var total = StateDigest.zero
        for dossierEvents in Dictionary(grouping: events, by: \.dossierCode).values {
            if let dossier = try DossierReducer.fold(dossierEvents) {
                total = total.adding(.term(forStoredState: dossier.storedJSONBytes))
            }
        }
        return total
    }
}

/// What a log shows through the port: its version vector, every event it holds (as shipped
/// to a peer that holds nothing, in identity order) and its digest.
public struct ReplicaLogContents: Equatable, CustomStringConvertible {
    public var vector: VersionVector
    public var events: [ChangeEvent]
    public var digest: StateDigest

    public init(vector: VersionVector, events: [ChangeEvent], digest: StateDigest) {
        self.vector = vector
        self.events = events
        self.digest = digest
    }

    public init(_ log: some ReplicaLog) throws {
        self.init(
            vector: try log.versionVector(),
            events: try log.events(missingFrom: VersionVector(), maxEvents: 10_000, maxBytes: 1 << 30),
            digest: try log.digest())
    }

    public var description: String {
        "vector \(vector), events \(events.map(\.id.description)), digest \(digest.hex.prefix(16))…"
    }
}

/// A log seen without the chain links and signatures it adds to events: what the contract's
/// clauses compare with the events they gave it.
public final class ContentOnlyLog<Base: ReplicaLog>: ReplicaLog, @unchecked Sendable {
    public let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public func versionVector() throws -> VersionVector { try base.versionVector() }

    public func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        try base.events(missingFrom: vector, maxEvents: maxEvents, maxBytes: maxBytes).map(\.content)
    }

    public func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector {
        try base.versionVector(servingProvince: province)
    }

    public func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent] {
        try base.events(missingFrom: vector, servingProvince: province, maxEvents: maxEvents, maxBytes: maxBytes).map(\.content)
    }

    public func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
        try base.apply(events, certificates: certificates).map(\.content)
    }

    public func certificates(of origins: [String]) throws -> [Certificate] { try base.certificates(of: origins) }

    public func keep(certificates: [Certificate]) throws { try base.keep(certificates: certificates) }

    public var liveStreams: LiveStreamScope? { base.liveStreams }

    public func storeDecisions(_ decisions: [MembershipDecision]) throws { try base.storeDecisions(decisions) }

    public func decisions() throws -> [MembershipDecision] { try base.decisions() }

    public func event(_ id: EventID) throws -> ChangeEvent? { try base.event(id)?.content }

    public func digest() throws -> StateDigest { try base.digest() }

    public func pendingImports(limit: Int) throws -> [PendingImport] { try base.pendingImports(limit: limit) }

    public func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice? {
        try base.history(of: code, servingProvince: province, excluding: held, maxEvents: maxEvents, maxBytes: maxBytes)
            .map { HistorySlice(events: $0.events.map(\.content), hasMore: $0.hasMore) }
    }

    public func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent] {
        try base.importHistory(events, of: code, certificates: certificates, complete: complete).map(\.content)
    }

    public func notePendingImport(_ code: String) throws { try base.notePendingImport(code) }

    public func sharedDossier(after cursor: String) throws -> PendingImport? { try base.sharedDossier(after: cursor) }

    public func importHints(after stored: [ChangeEvent]) throws -> [ImportHint] { try base.importHints(after: stored) }
}
