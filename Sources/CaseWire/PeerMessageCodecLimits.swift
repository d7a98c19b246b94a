import CaseReplication
import CaseCore
import CaseSupport
/// The bounds `PeerMessageCodec` checks on every field it decodes, each
/// before anything is allocated for it, with the reason for each number.
///
/// These sit inside the frame bound (`WireLimits.maxFramePayloadBytes`,
/// 4 MiB): a count alone may allow more than one frame can hold, and then the
/// frame bound and the reader's "bytes left" check cut it shorter.
public enum PeerMessageCodecLimits {
    /// Events in one `EventBatch`.
    /// Why 10,000: the sender's batches hold at most 500 events
    /// (`ReplicationConfiguration.maxBatchEvents`); twenty times that leaves
    /// room to raise the setting without a protocol change, and the 4 MiB
    /// frame bound caps the bytes anyway.
    public static let maxEventsPerBatch = 10_000
    /// Certificates in one event batch: one per origin of its events, perhaps two
    /// during a key rotation. Why 1,024: a batch holds events of a few dozen origins
    /// at most; a province has a few hundred nodes.
    public static let maxCertificatesPerBatch = 1_024

    /// Membership records piggybacked on one ping, ack, ping request or sync request.
    /// Why 1,024: the core attaches at most 8 (`maxGossipPerMessage`); a list
    /// a hundred times longer is a bug or hostile input.
    public static let maxGossipRecords = 1_024

    /// Records in one full `membership` exchange: every member of the cluster.
    /// Why 16,384: Vietnam has 3,321 commune-level units, so one cluster per
    /// country with every centre a node still fits five times over; 16,384
    /// records of about 150 bytes are 2.4 MB, inside one frame.
    public static let maxMembershipRecords = 16_384

    /// Bucket numbers in one `memberBucketRecords`: there are no more buckets than this
    /// (`MemberListDigest.bucketCount`, 64), each named once. Its records are bounded as a
    /// whole list's (`maxMembershipRecords`): every bucket may differ.
    public static let maxMemberBuckets = MemberListDigest.bucketCount

    /// Membership decisions in one message. Why 1,024: a decision is at most about 220
    /// bytes, so a message stays near 220 KB; a node holding more (a nation's mergers)
    /// sends them in several (`ReplicationNode.maxDecisionsPerMessage` is the same bound).
    public static let maxDecisionsPerMessage = ReplicationNode.maxDecisionsPerMessage

    /// Origins in one version vector.
    /// Why 16,384: one origin per node that ever wrote an event, bounded by
    /// the number of nodes, as for `maxMembershipRecords`.
    public static let maxVersionVectorEntries = 16_384

    /// Bytes of a node id. Equal to `NodeName.maxLength`: ids are validated
    /// with `NodeName.isValid` after reading, so nothing longer can be valid.
    public static let maxNodeIDBytes = NodeName.maxLength

    /// Bytes of a cluster id.
    /// Why 256: a cluster id is a short name chosen by an admin ("casestore",
    /// "tinh-binh-phuoc-2025"); a refusal quotes two of them in one log line.
    public static let maxClusterIDBytes = 256

    /// Bytes of a refusal reason.
    /// Why 1,024: it is one log line on the other side, long enough to quote
    /// two cluster ids and both version ranges.
    public static let maxRefuseReasonBytes = 1_024

    /// Bytes of a peer or HTTP address in a membership record ("host:port").
    /// Why 300: a DNS name is at most 253 bytes, plus brackets, a colon and a
    /// five-digit port; nothing valid is longer.
    public static let maxAddressBytes = 300

    /// Bytes of an event's dossier code. Equal to `DossierCode.maxLength`,
    /// the bound every code is built within.
    public static let maxDossierCodeBytes = DossierCode.maxLength

    /// Bytes of an event kind's raw value ("filed", "request-supplement").
    /// Why 32: the longest kind is 18 bytes.
    public static let maxEventKindBytes = 32

    /// Bytes of an event's actor (a clerk's name or a token subject).
    /// Why 64 KiB (`WireLimits.maxStringBytes`): actors are checked to be at
    /// most 100 characters where they enter, but a character may take many
    /// bytes, and refusing a stored event here would stall replication of
    /// its origin forever; the general string bound is the safe ceiling.
    public static let maxActorBytes = WireLimits.maxStringBytes

    /// Bytes of one event's JSON payload.
    /// Why 256 KiB: a payload holds one filing or one workflow step (names,
    /// document titles, notes; never the documents themselves), a few KB in
    /// practice; 256 KiB bounds the JSON parser's work per event.
    public static let maxEventPayloadBytes = 256 * 1024

    /// Deepest nesting in an event payload. 64, as `JSONParser`'s default:
    /// far more than a dossier needs, well inside a thread's stack.
    public static let maxEventPayloadDepth = 64
}
