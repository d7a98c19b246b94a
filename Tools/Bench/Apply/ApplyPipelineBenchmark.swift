import CaseCore
import CaseCrypto
import CaseNode
import CaseStorage
import Foundation
import CaseSupport
import CaseReplication
import CaseWire

/// What a catching-up node does per event, in one process and without sockets:
/// filings made at a source store are read as a peer's pull reads them, encoded,
/// decoded and applied at a fresh store, each step timed on its own. It shows where
/// replication's CPU goes (`casebench apply`), which the cluster benchmarks cannot
/// separate from waiting and from the other nodes sharing the machine.
public struct ApplyPipelineBenchmark {
    public let directory: String
    public let filings: Int
    public let batchEvents: Int
    /// Time steps by the thread's CPU clock rather than the wall clock (`casebench apply --cpu`).
    public let onCPU: Bool

    /// The default run: one agency's worth (see `InProcessFiler.filingsPerAgency`).
    public static let defaultFilings = InProcessFiler.filingsPerAgency
    /// Enough to see whether the cost per event grows with what a node holds.
    public static let maxFilings = 1_000_000
    /// A full pull batch, as a node ships by default.
    public static let defaultBatchEvents = ReplicationConfiguration().maxBatchEvents

    public init(directory: String, filings: Int, batchEvents: Int = defaultBatchEvents, onCPU: Bool = false) {
        precondition((1...Self.maxFilings).contains(filings), "1 to \(Self.maxFilings) filings")
        self.directory = directory
        self.filings = filings
        self.batchEvents = batchEvents
        self.onCPU = onCPU
    }

    /// The source signs what it files and the destination verifies what it applies, as
    /// nodes of a cluster with a root key do: fixed keys, so runs compare.
    static let root = SigningKey(seed: [UInt8](repeating: 0xB1, count: 32))!
    static let sourceKey = SigningKey(seed: [UInt8](repeating: 0xB2, count: 32))!
    static let sourceCertificate = Certificate.issue(
        CertificateRequest(role: .node, clusterID: "bench", subject: "source", publicKey: sourceKey.publicKey,
                           validFromMs: 0, validUntilMs: Int64.max / 2),
        serial: [UInt8](repeating: 0xB3, count: Certificate.serialByteCount), by: root)

    public func run() throws -> ApplyPipelineResult {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let source = try CaseStore(path: directory + "/apply-source.sqlite", signing: EventSigning(signer: ("source", Self.sourceKey)))
        let destination = try CaseStore(
            path: directory + "/apply-destination.sqlite",
            signing: EventSigning(trust: .verified(root: Self.root.publicKey, clusterID: "bench", acceptsUnsigned: false)))
        try destination.write { try $0.storeCertificates([Self.sourceCertificate]) }
        defer {
            source.close()
            destination.close()
            for name in ["apply-source", "apply-destination"] {
                for suffix in [".sqlite", ".sqlite-wal", ".sqlite-shm"] { try? FileManager.default.removeItem(atPath: "\(directory)/\(name)\(suffix)") }
            }
        }
        let fileSeconds = try fileDossiers(into: source)
        var result = ApplyPipelineResult(events: 0, filingSeconds: fileSeconds)
        let sourceLog = SQLiteReplicaLog(store: source)
        let destinationLog = SQLiteReplicaLog(store: destination)
        var held = VersionVector()
        let preparation = ReceivedBatchPreparation(storedLink: { id in (try? destinationLog.event(id))??.chain })
        while true {
            let (events, readSeconds) = try timed { try sourceLog.events(missingFrom: held, maxEvents: batchEvents, maxBytes: ReplicationConfiguration().maxBatchBytes) }
            guard !events.isEmpty else { break }
            let message = PeerMessage.eventBatch(EventBatch(events: events, senderVersionVector: held, hasMore: true, isPush: false))
            let (frame, encodeSeconds) = timed { FrameEncoder.encode(PeerMessageCodec.encode(message)) }
            let (decoded, decodeSeconds) = try timed { try Self.decode(frame, preparation: preparation) }
            let (stored, applySeconds) = try timed { try destinationLog.apply(decoded.events) }
            guard stored.count == events.count else {
                throw BenchError("the destination stored \(stored.count) of a batch of \(events.count) events")
            }
            result.add(events: events.count, bytes: frame.count, read: readSeconds, encode: encodeSeconds, decode: decodeSeconds, apply: applySeconds)
            held = try destinationLog.versionVector()
        }
        try measureCryptography(of: try sourceLog.events(missingFrom: VersionVector(), maxEvents: 1, maxBytes: 1 << 20), into: &result)
        return result
    }

    /// What one event's signature costs its origin, and one verification its receiver
    /// (paid once per origin per batch: the chain covers the rest), and one chain link; and
    /// the primitives under them and under the peer link: SHA-256, ChaCha20-Poly1305.
    private func measureCryptography(of sample: [ChangeEvent], into result: inout ApplyPipelineResult) throws {
        guard let event = sample.first else { return }
        let rounds = 200
        let genesis = EventChain.genesis(origin: event.origin)
        let ((), signSeconds) = timed { for _ in 0..<rounds { _ = EventChain.seal(event, after: genesis, key: Self.sourceKey) } }
        let ((), verifySeconds) = timed { for _ in 0..<rounds { _ = EventChain.isSignedBy(Self.sourceKey.publicKey, event) } }
        let ((), linkSeconds) = timed { for _ in 0..<rounds { _ = EventChain.link(after: genesis, event) } }
        result.signMicroseconds = signSeconds * 1e6 / Double(rounds)
        result.verifyMicroseconds = verifySeconds * 1e6 / Double(rounds)
        result.linkMicroseconds = linkSeconds * 1e6 / Double(rounds)
        // SHA-256 alone, which every chain link and state digest term runs: 64 MiB in 1 MiB pieces.
        let piece = [UInt8](repeating: 0x61, count: 1 << 20)
        let ((), hashSeconds) = timed { for _ in 0..<64 { _ = SHA256.hash(piece) } }
        result.sha256MegabytesPerSecond = Double(64 * piece.count) / 1e6 / max(hashSeconds, 1e-9)
        // A filing's lookup PIN hash (PBKDF2-HMAC-SHA256 at the default cost), made on the filing's
        // thread, and what a lookup checks against.
        let pin = LookupPin.generate(using: { [UInt8](repeating: 7, count: $0) })
        let ((), pinSeconds) = timed { for _ in 0..<rounds { _ = LookupPinHash.make(pin, using: { [UInt8](repeating: 9, count: $0) }) } }
        result.pinHashMicroseconds = pinSeconds * 1e6 / Double(rounds)
        // What sealing a frame for an encrypted peer link costs, and opening it: every batch's
        // bytes go through both, at its sender and at its receiver.
        let key = [UInt8](repeating: 0x42, count: ChaCha20Poly1305.keyByteCount)
        let nonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceByteCount)
        let (sealed, sealSeconds) = timed { (0..<16).map { _ in ChaCha20Poly1305.seal(key: key, nonce: nonce, plaintext: piece) }.last! }
        let ((), openSeconds) = try timed { for _ in 0..<16 { _ = try ChaCha20Poly1305.open(key: key, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag) } }
        result.sealMegabytesPerSecond = Double(16 * piece.count) / 1e6 / max(sealSeconds, 1e-9)
        result.openMegabytesPerSecond = Double(16 * piece.count) / 1e6 / max(openSeconds, 1e-9)
    }

    /// Files `filings` dossiers through the node's own service (`InProcessFiler`).
    private func fileDossiers(into store: CaseStore) throws -> Double {
        try InProcessFiler(store: store, nodeID: "source").file(count: filings, seed: 5)
    }

    private static func decode(_ bytes: [UInt8], preparation: ReceivedBatchPreparation) throws -> EventBatch {
        var decoder = FrameDecoder(maxPayloadBytes: WireLimits.maxFramePayloadBytes)
        try decoder.append(bytes)
        guard let frame = try decoder.nextFrame(), case .eventBatch(var batch) = try PeerMessageCodec.decode(frame) else {
            throw BenchError("an encoded event batch did not decode as one")
        }
        // As a node's connection thread does before handing the batch to its writer, but all
        // on this thread, so that its CPU clock (`--cpu`) counts all of it.
        batch.events = preparation.prepare(batch.events, onEveryCore: false)
        return batch
    }

    /// The value and the seconds it took. The store's writes run on this thread too
    /// (`CaseStore.write` waits for its queue), so its CPU clock covers them.
    private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        guard onCPU else {
            let watch = Stopwatch()
            let value = try body()
            return (value, watch.elapsedSeconds)
        }
        let start = Self.threadCPUSeconds()
        let value = try body()
        return (value, Self.threadCPUSeconds() - start)
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Time per step of the apply pipeline, summed over every batch.
public struct ApplyPipelineResult: Sendable, Equatable {
    public var events: Int
    public var filingSeconds: Double
    public var frameBytes = 0
    public var readSeconds = 0.0
    public var encodeSeconds = 0.0
    public var decodeSeconds = 0.0
    public var applySeconds = 0.0
    /// Microseconds to link and sign one event at its origin (`EventChain.seal`).
    public var signMicroseconds = 0.0
    /// Microseconds to verify one signature (once per origin per batch at a receiver).
    public var verifyMicroseconds = 0.0
    /// Microseconds to compute one chain link (every event, at every receiver).
    public var linkMicroseconds = 0.0
    /// Microseconds to hash one lookup PIN at the default cost (every filing, every lookup check).
    public var pinHashMicroseconds = 0.0
    /// SHA-256 throughput on one core, in MB/s.
    public var sha256MegabytesPerSecond = 0.0
    /// ChaCha20-Poly1305 sealing and opening throughput on one core, in MB/s (peer links).
    public var sealMegabytesPerSecond = 0.0
    public var openMegabytesPerSecond = 0.0

    public init(events: Int, filingSeconds: Double) {
        self.events = events
        self.filingSeconds = filingSeconds
    }

    mutating func add(events count: Int, bytes: Int, read: Double, encode: Double, decode: Double, apply: Double) {
        events += count
        frameBytes += bytes
        readSeconds += read
        encodeSeconds += encode
        decodeSeconds += decode
        applySeconds += apply
    }

    /// Events per second through all four steps on one core: the most one node's replication could take.
    public var eventsPerSecond: Double {
        Double(events) / max(readSeconds + encodeSeconds + decodeSeconds + applySeconds, 1e-9)
    }

    /// Microseconds per event of a step's total.
    public func microsecondsPerEvent(_ seconds: Double) -> Double {
        seconds * 1e6 / Double(max(events, 1))
    }

    public var summary: String {
        String(format: "%d events (%.0f bytes each on the wire): read %.1f µs, encode %.1f µs, decode %.1f µs, apply (verified) %.1f µs per event; %.0f events/s on one core (filing them took %.1f s); signing %.0f µs per event at its origin, verifying %.0f µs per signature (once per origin per batch), a chain link %.1f µs per event; a lookup PIN hash %.0f µs; SHA-256 %.0f MB/s; ChaCha20-Poly1305 seal %.0f MB/s, open %.0f MB/s",
               events, Double(frameBytes) / Double(max(events, 1)), microsecondsPerEvent(readSeconds), microsecondsPerEvent(encodeSeconds),
               microsecondsPerEvent(decodeSeconds), microsecondsPerEvent(applySeconds), eventsPerSecond, filingSeconds,
               signMicroseconds, verifyMicroseconds, linkMicroseconds, pinHashMicroseconds, sha256MegabytesPerSecond, sealMegabytesPerSecond, openMegabytesPerSecond)
    }
}

extension ApplyPipelineResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        events = try fields.need("events")
        filingSeconds = try fields.need("filingSeconds")
        frameBytes = try fields.need("frameBytes")
        readSeconds = try fields.need("readSeconds")
        encodeSeconds = try fields.need("encodeSeconds")
        decodeSeconds = try fields.need("decodeSeconds")
        applySeconds = try fields.need("applySeconds")
        // Absent from results written before events were signed.
        signMicroseconds = (try? fields.need("signMicroseconds")) ?? 0
        verifyMicroseconds = (try? fields.need("verifyMicroseconds")) ?? 0
        linkMicroseconds = (try? fields.need("linkMicroseconds")) ?? 0
        sha256MegabytesPerSecond = (try? fields.need("sha256MegabytesPerSecond")) ?? 0
        pinHashMicroseconds = (try? fields.need("pinHashMicroseconds")) ?? 0
        sealMegabytesPerSecond = (try? fields.need("sealMegabytesPerSecond")) ?? 0
        openMegabytesPerSecond = (try? fields.need("openMegabytesPerSecond")) ?? 0
    }
}
