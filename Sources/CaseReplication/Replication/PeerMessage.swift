import CaseCore
import CaseCrypto
/// The messages of the peer protocol. Each is carried in one frame whose
/// type number is `PeerMessage.Kind.rawValue`: those numbers are part of the
/// protocol, so new messages are appended and no number is ever reused.
///
/// The sender of a message is known from the connection's handshake (real
/// TCP) or from the simulated network, never from the message itself.
public enum PeerMessage: Equatable, Sendable {
    /// First frame on a connection, from the side that opened it.
    case hello(Hello)
    /// The accepting side's answer: the connection may carry messages now.
    case helloAck(HelloAck)
    /// The handshake failed; the connection closes after this frame.
    case refuse(reason: String)
    /// Failure-detector probe; answered with `ack` carrying the same sequence.
    case ping(sequence: UInt64, gossip: [MemberRecord])
    case ack(sequence: UInt64, gossip: [MemberRecord])
    /// Asks the receiver to probe `target` on the sender's behalf (indirect probe).
    case pingRequest(sequence: UInt64, target: String, gossip: [MemberRecord])
    /// Anti-entropy pull: "this is what I hold; send me what I lack".
    case syncRequest(SyncRequest)
    /// Events for the receiver: an answer to a sync request or a fast push.
    case eventBatch(EventBatch)
    /// After applying a batch: what the receiver holds now (lets the sender
    /// count replicas for `?replicas=N` and see the receiver's lag).
    case batchAck(versionVector: VersionVector)
    /// Full membership exchange (on join, and periodically to heal partitions).
    case membership(members: [MemberRecord], isReply: Bool)
    /// Token registry anti-entropy: "this is the digest of the API tokens I hold". A
    /// receiver whose digest differs answers with its records and, unless this is a
    /// reply already, with its own digest (`ReplicationNode+Authority`).
    case tokenDigest(TokenDigest, isReply: Bool)
    /// Unsigned (legacy) API token records (a sync answer, or a new or revoked token
    /// pushed at once); the receiver merges those its mode accepts into its registry.
    case tokenRecords([TokenRecord])
    /// Signed API token records, as `tokenRecords`; each is checked against the
    /// cluster's root (`TokenAuthority`) before it is taken. Sent on version-3
    /// sessions only: a version-2 peer may be a build that cannot read them.
    case signedTokenRecords([TokenRecord])
    /// Membership decisions anti-entropy: "this is the SHA-256 of the cluster root's
    /// decisions I hold" (`ReplicationNode+Decisions`). Version-4 sessions only.
    case decisionDigest([UInt8], isReply: Bool)
    /// Root-signed membership decisions (retirement, readmission): a sync answer, or a
    /// decision made at the sender pushed at once. Version-4 sessions only.
    case membershipDecisions([MembershipDecision])
    /// Member-list anti-entropy, digest first: the digest of the sender's member list
    /// (`MemberListDigest.root`) and the sender's own record, so that a receiver that never
    /// heard of it can answer. A receiver whose list differs answers with its bucket
    /// digests (`ReplicationNode+MemberListExchange`). Version-5 sessions only; on an
    /// older one the sender's whole list goes instead (`Envelope.fallback`).
    case memberDigest([UInt8], sender: MemberRecord)
    /// The sender's bucket digests (`MemberListDigest.buckets`, one per bucket), answering a
    /// member digest that differs from its own. Version-5 sessions only.
    case memberBucketDigests([[UInt8]])
    /// The sender's records of the buckets named (ascending bucket numbers): answering bucket
    /// digests that differ (`isReply` false), or those records (`isReply` true, not answered).
    /// Version-5 sessions only.
    case memberBucketRecords(buckets: [UInt8], records: [MemberRecord], isReply: Bool)
    /// Anti-entropy pull, digest first: `syncRequest` with the sender's vector summarized
    /// (`VectorSummary`), and the digest of the receiver's vector the sender holds, so the
    /// receiver knows what to summarize its answer against (`ReplicationNode+VectorSummaries`).
    /// Version-6 sessions only; on an older one the whole `syncRequest` goes instead.
    case vectorPull(VectorPull)
    /// Answers a `vectorPull` (or a `syncRequest`) that finds nothing the puller lacks: the
    /// answerer's vector summarized, and the digest of the puller's vector it took; an empty
    /// digest says it could not rebuild the puller's vector, which then pulls again with the
    /// whole one. Version-6 sessions only; on an older one an empty `eventBatch` goes instead.
    case vectorAnswer(VectorAnswer)
    /// Holiday schedules anti-entropy: "this is the SHA-256 of the cluster root's holiday
    /// schedules I hold" (`ReplicationNode+Holidays`). Version-8 sessions only.
    case holidayDigest([UInt8], isReply: Bool)
    /// Root-signed holiday schedules, at most one per year: a sync answer, or a schedule
    /// published at the sender pushed at once. Version-8 sessions only.
    case holidaySchedules([HolidaySchedule])
    /// Asks a node of another province for the history of a dossier that entered the
    /// sender's province (`ReplicationNode+Imports`). Version-9 sessions only.
    case historyRequest(HistoryRequest)
    /// Answers a `historyRequest`. Version-9 sessions only.
    case history(HistoryAnswer)
    /// Tells a node that the sender holds events of a dossier of the receiver's province that
    /// are not tagged with it: the receiver imports what it lacks. Version-9 sessions only.
    case historyHint(dossier: String)
    /// Province mergers anti-entropy: "this is the SHA-256 of the cluster root's province
    /// mergers I hold" (`ReplicationNode+ProvinceMerges`). Version-10 sessions only.
    case provinceMergeDigest([UInt8], isReply: Bool)
    /// Root-signed province mergers, at most one per merged province: a sync answer, or a
    /// merger signed at the sender pushed at once. Version-10 sessions only.
    case provinceMerges([ProvinceMerge])
    /// "Send me the root-signed certificates you hold of these members": the members this
    /// node cannot place in a province (`ReplicationNode+Certificates`), at most
    /// `ReplicationNode.maxCertificateSubjectsPerRequest`. Version-11 sessions only.
    case certificateRequest(subjects: [String])
    /// The certificates the sender holds of the members a `certificateRequest` named, at
    /// most `ReplicationNode.maxCertificatesPerAnswer`. Version-11 sessions only.
    case certificates([Certificate])

    /// Numbers 11 and 12 are the transport's own frames (`PeerFrameType`):
    /// no message kind may take them.
    public enum Kind: UInt16, Sendable, CaseIterable {
        case hello = 1
        case helloAck = 2
        case refuse = 3
        case ping = 4
        case ack = 5
        case pingRequest = 6
        case syncRequest = 7
        case eventBatch = 8
        case batchAck = 9
        case membership = 10
        case tokenDigest = 13
        case tokenRecords = 14
        case signedTokenRecords = 15
        case decisionDigest = 16
        case membershipDecisions = 17
        case memberDigest = 18
        case memberBucketDigests = 19
        case memberBucketRecords = 20
        case vectorPull = 21
        case vectorAnswer = 22
        case holidayDigest = 23
        case holidaySchedules = 24
        case historyRequest = 25
        case history = 26
        case historyHint = 27
        case provinceMergeDigest = 28
        case provinceMerges = 29
        case certificateRequest = 30
        case certificates = 31
    }

    public var kind: Kind {
        switch self {
        case .hello: return .hello
        case .helloAck: return .helloAck
        case .refuse: return .refuse
        case .ping: return .ping
        case .ack: return .ack
        case .pingRequest: return .pingRequest
        case .syncRequest: return .syncRequest
        case .eventBatch: return .eventBatch
        case .batchAck: return .batchAck
        case .membership: return .membership
        case .tokenDigest: return .tokenDigest
        case .tokenRecords: return .tokenRecords
        case .signedTokenRecords: return .signedTokenRecords
        case .decisionDigest: return .decisionDigest
        case .membershipDecisions: return .membershipDecisions
        case .memberDigest: return .memberDigest
        case .memberBucketDigests: return .memberBucketDigests
        case .memberBucketRecords: return .memberBucketRecords
        case .vectorPull: return .vectorPull
        case .vectorAnswer: return .vectorAnswer
        case .holidayDigest: return .holidayDigest
        case .holidaySchedules: return .holidaySchedules
        case .historyRequest: return .historyRequest
        case .history: return .history
        case .historyHint: return .historyHint
        case .provinceMergeDigest: return .provinceMergeDigest
        case .provinceMerges: return .provinceMerges
        case .certificateRequest: return .certificateRequest
        case .certificates: return .certificates
        }
    }
}

/// Opens a connection: who is calling, from which cluster, speaking which
/// protocol versions, and (since version 2) which cluster key it will prove
/// it holds, with its fresh nonce for that proof. The node id stays readable
/// here on purpose: the acceptor needs it before any key is agreed, and the
/// fault proxy identifies links by it.
public struct Hello: Equatable, Sendable {
    /// The length of a hello's nonce (and of the acceptor's, in its ack).
    public static let nonceByteCount = 32

    public var clusterID: String
    public var nodeID: String
    public var minVersion: UInt16
    public var maxVersion: UInt16
    /// The id of the cluster key the opener uses; nil in a hello of a
    /// version-1 build, which is refused for its versions.
    public var keyID: ClusterKeyID?
    /// The opener's fresh 32-byte nonce (`Hello.nonceByteCount`),
    /// present exactly when `keyID` is.
    public var nonce: [UInt8]

    public init(
        clusterID: String, nodeID: String, minVersion: UInt16, maxVersion: UInt16,
        keyID: ClusterKeyID? = nil, nonce: [UInt8] = []
    ) {
        precondition((keyID == nil) == nonce.isEmpty, "a hello carries a key id and a nonce together, or neither")
        precondition(nonce.isEmpty || nonce.count == Hello.nonceByteCount,
                     "a hello's nonce is \(Hello.nonceByteCount) bytes")
        self.clusterID = clusterID
        self.nodeID = nodeID
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.keyID = keyID
        self.nonce = nonce
    }
}

/// The acceptor's answer to a hello it accepts: its node id, the version
/// both will speak, its own fresh nonce and its proof. In version 2 the proof
/// is an HMAC showing it holds the cluster key the hello named; from version 3
/// the nonce is its ephemeral X25519 public key, and it adds its certificate
/// and a signature by its node key over the handshake so far
/// (`IdentityHandshakeTranscript`).
public struct HelloAck: Equatable, Sendable {
    /// The length of a version-2 proof: an HMAC-SHA-256 tag (`HandshakeTranscript`).
    public static let proofByteCount = HMACSHA256.authenticationCodeByteCount
    /// The length of a version-3 proof: an Ed25519 signature.
    public static let signatureByteCount = Ed25519.signatureByteCount

    public var nodeID: String
    /// The version both sides will speak: the highest both support.
    public var version: UInt16
    /// The acceptor's fresh 32-byte nonce; empty in a version-1 answer.
    public var nonce: [UInt8]
    /// The acceptor's proof, present exactly when `nonce` is: 32 bytes (version 2)
    /// or 64 (version 3, with `certificate`).
    public var proof: [UInt8]
    /// The acceptor's certificate (version 3 and later).
    public var certificate: Certificate?

    public init(nodeID: String, version: UInt16, nonce: [UInt8] = [], proof: [UInt8] = [], certificate: Certificate? = nil) {
        precondition(nonce.isEmpty == proof.isEmpty, "a helloAck carries a nonce and a proof together, or neither")
        precondition(nonce.isEmpty || nonce.count == Hello.nonceByteCount, "a helloAck's nonce is 32 bytes")
        precondition(nonce.isEmpty || proof.count == (certificate == nil ? HelloAck.proofByteCount : HelloAck.signatureByteCount),
                     "a helloAck's proof is a 32-byte HMAC, or a 64-byte signature with a certificate")
        self.nodeID = nodeID
        self.version = version
        self.nonce = nonce
        self.proof = proof
        self.certificate = certificate
    }
}

public struct SyncRequest: Equatable, Sendable {
    public var versionVector: VersionVector
    public var gossip: [MemberRecord]

    public init(versionVector: VersionVector, gossip: [MemberRecord]) {
        self.versionVector = versionVector
        self.gossip = gossip
    }
}

/// A pull whose vector is summarized (`PeerMessage.vectorPull`).
public struct VectorPull: Equatable, Sendable {
    public var vector: VectorSummary
    /// `VersionVector.digest` of the receiver's vector the sender last took; empty if none.
    public var known: [UInt8]
    public var gossip: [MemberRecord]

    public init(vector: VectorSummary, known: [UInt8], gossip: [MemberRecord]) {
        precondition(known.isEmpty || known.count == VersionVector.digestByteCount, "a known digest is empty or \(VersionVector.digestByteCount) bytes")
        self.vector = vector
        self.known = known
        self.gossip = gossip
    }
}

/// An answer with no events and a summarized vector (`PeerMessage.vectorAnswer`).
public struct VectorAnswer: Equatable, Sendable {
    public var vector: VectorSummary
    /// `VersionVector.digest` of the puller's vector the answerer took; empty when it could
    /// not rebuild it from the pull's summary (the puller then pulls with its whole vector).
    public var known: [UInt8]

    public init(vector: VectorSummary, known: [UInt8]) {
        precondition(known.isEmpty || known.count == VersionVector.digestByteCount, "a known digest is empty or \(VersionVector.digestByteCount) bytes")
        self.vector = vector
        self.known = known
    }
}

public struct EventBatch: Equatable, Sendable {
    public var events: [ChangeEvent]
    /// What the sender holds, so the receiver can tell whether to send events back.
    public var senderVersionVector: VersionVector
    /// The sender has more for the receiver: ask again at once.
    public var hasMore: Bool
    /// A fast push of new events (forwarded once by each node that applies them),
    /// as opposed to an answer to a sync request.
    public var isPush: Bool
    /// More batches of the same answer follow: wait for them, not ask again. A sync answer
    /// streams up to `ReplicationConfiguration.maxBatchesPerSyncAnswer` batches, a few at a
    /// time as the receiver acknowledges what it stored (`PacedAnswer`), so it applies one
    /// while the next ones are on their way.
    public var continues: Bool
    /// The root-signed certificates of the events' origins, so a receiver can check their
    /// signatures without having met them (sent from protocol version 3).
    public var certificates: [Certificate]

    public init(events: [ChangeEvent], senderVersionVector: VersionVector, hasMore: Bool, isPush: Bool, continues: Bool = false,
                certificates: [Certificate] = []) {
        self.events = events
        self.senderVersionVector = senderVersionVector
        self.hasMore = hasMore
        self.isPush = isPush
        self.continues = continues
        self.certificates = certificates
    }
}
