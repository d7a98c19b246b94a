import CaseCore
import CaseReplication
import CaseSupport
/// Turns peer messages into frames and back: the binary form of the peer
/// protocol between nodes.
///
/// One message is one frame; the frame's type is `PeerMessage.Kind.rawValue`
/// and its version is the protocol version the payload is written in.
/// Payloads use the `WireWriter` primitives; the layout of each message kind
/// is fixed for a protocol version (see `encodePayload`).
///
/// Decoding treats the frame as hostile: every length and count is checked
/// against `PeerMessageCodecLimits` before anything is allocated, every field
/// is checked against its domain (node ids, member states, event kinds,
/// sequences, canonical JSON payloads), and bytes left over after the message
/// are refused. Every failure is a `WireDecodingError`; nothing traps on input.
public enum PeerMessageCodec {
    /// The message in a frame of the current protocol version.
    public static func encode(_ message: PeerMessage) -> Frame {
        Frame(type: message.kind.rawValue, version: PeerProtocol.currentVersion, payload: encodePayload(message))
    }

    /// `plaintext` (a sealed frame's kind and payload, written by this build at the
    /// current version) as protocol `version` writes it: a session with a version-2
    /// peer gets event batches without signatures and certificates, which it cannot
    /// read, and one older than version 6 gets them without province tags and predecessor
    /// links, and without the tagged events (`PeerProtocol.carried`). Decoding and encoding
    /// again costs the sender CPU on such sessions: only while a cluster is being upgraded.
    /// Messages of other kinds are the same in every version and come back unchanged.
    public static func plaintext(_ plaintext: [UInt8], for version: UInt16) -> [UInt8] {
        guard version < PeerProtocol.provinceTagsVersion, plaintext.count >= 2,
              UInt16(plaintext[0]) << 8 | UInt16(plaintext[1]) == PeerMessage.Kind.eventBatch.rawValue,
              let message = try? decode(type: PeerMessage.Kind.eventBatch.rawValue, version: PeerProtocol.currentVersion, payload: Array(plaintext[2...]))
        else { return plaintext }
        let carried = PeerProtocol.carried(message, onSessionOf: version)
        return SealedFrame.plaintext(of: Frame(type: PeerMessage.Kind.eventBatch.rawValue, version: version, payload: encodePayload(carried, version: version)))
    }

    /// The message's payload bytes. Fields in order, per kind:
    ///
    ///     hello        clusterID string, nodeID string, minVersion u16, maxVersion u16,
    ///                  then, when maxVersion >= 2, keyID 8 bytes, nonce 32 bytes
    ///     helloAck     nodeID string, version u16,
    ///                  then, when version >= 2, nonce 32 bytes, proof 32 bytes
    ///     refuse       reason string
    ///     ping, ack    sequence varint, gossip [record]
    ///     pingRequest  sequence varint, target string, gossip [record]
    ///     syncRequest  versionVector, gossip [record]
    ///     eventBatch   events [event], senderVersionVector, hasMore bool, isPush bool, continues bool,
    ///                  then, from version 3, certificates [bytes]
    ///     batchAck     versionVector
    ///     membership   members [record], isReply bool
    ///     tokenDigest, tokenRecords, signedTokenRecords: see PeerMessageCodec+Tokens
    ///     decisionDigest, membershipDecisions: see PeerMessageCodec+Decisions
    ///     memberDigest, memberBucketDigests, memberBucketRecords: see PeerMessageCodec+MemberLists
    ///     vectorPull, vectorAnswer: see PeerMessageCodec+VectorSummaries
    ///     holidayDigest, holidaySchedules: see PeerMessageCodec+Holidays
    ///     historyRequest, history, historyHint: see PeerMessageCodec+History
    ///     provinceMergeDigest, provinceMerges: see PeerMessageCodec+ProvinceMerges
    ///     certificateRequest, certificates: see PeerMessageCodec+Certificates
    ///
    ///     record         id string, peerAddress string, httpAddress string,
    ///                    incarnation varint, state u8 (alive 0, suspect 1, dead 2, retired 3)
    ///     versionVector  [origin string, head varint], origins in ascending order
    ///     event          origin string, sequence varint, timestamp u64,
    ///                    dossierCode string, kind string, actor string,
    ///                    centre string, payload bytes (canonical JSON object),
    ///                    then, from version 3, signature bytes (0 or 64),
    ///                    then, from version 6, tags (`StreamTagEncoding`: [province string,
    ///                    previous sequence varint, previous link bytes]) and predecessor link
    ///                    bytes (0 or 32)
    ///
    /// `[x]` is a varint count followed by that many x.
    ///
    /// The encoder does not enforce the decoder's limits: a message the
    /// receiver would refuse (an event payload over 256 KiB) is encoded
    /// anyway and refused there, so the layer above must keep within them.
    public static func encodePayload(_ message: PeerMessage, version: UInt16 = PeerProtocol.currentVersion) -> [UInt8] {
        var writer = WireWriter()
        switch message {
        case .hello(let hello):
            writer.string(hello.clusterID)
            writer.string(hello.nodeID)
            writer.u16(hello.minVersion)
            writer.u16(hello.maxVersion)
            if let keyID = hello.keyID {
                writer.fixedBytes(keyID.bytes)
                writer.fixedBytes(hello.nonce)
            }
        case .helloAck(let ack):
            writer.string(ack.nodeID)
            writer.u16(ack.version)
            writer.fixedBytes(ack.nonce)
            if let certificate = ack.certificate { writer.bytes(certificate.encoded) }
            writer.fixedBytes(ack.proof)
        case .refuse(let reason):
            writer.string(reason)
        case .ping(let sequence, let gossip), .ack(let sequence, let gossip):
            writer.varint(sequence)
            writeRecords(gossip, to: &writer)
        case .pingRequest(let sequence, let target, let gossip):
            writer.varint(sequence)
            writer.string(target)
            writeRecords(gossip, to: &writer)
        case .syncRequest(let request):
            writeVersionVector(request.versionVector, to: &writer)
            writeRecords(request.gossip, to: &writer)
        case .eventBatch(let batch):
            writeEventBatch(batch, version: version, to: &writer)
        case .batchAck(let versionVector):
            writeVersionVector(versionVector, to: &writer)
        case .membership(let members, let isReply):
            writeRecords(members, to: &writer)
            writer.bool(isReply)
        case .tokenDigest, .tokenRecords, .signedTokenRecords:
            writeTokenPayload(message, to: &writer)
        case .decisionDigest, .membershipDecisions:
            writeDecisionPayload(message, to: &writer)
        case .memberDigest, .memberBucketDigests, .memberBucketRecords:
            writeMemberListPayload(message, to: &writer)
        case .vectorPull, .vectorAnswer:
            writeVectorSummaryPayload(message, to: &writer)
        case .holidayDigest, .holidaySchedules:
            writeHolidayPayload(message, to: &writer)
        case .historyRequest, .history, .historyHint:
            writeHistoryPayload(message, version: version, to: &writer)
        case .provinceMergeDigest, .provinceMerges:
            writeProvinceMergePayload(message, to: &writer)
        case .certificateRequest, .certificates:
            writeCertificatePayload(message, to: &writer)
        }
        return writer.buffer
    }

    /// The message in `frame`.
    ///
    /// Throws `.invalidValue` for a type this build does not know, and for a
    /// non-handshake frame whose version is outside
    /// `PeerProtocol.supportedVersions`. Handshake frames are read whatever
    /// their version, since their layout never changes.
    public static func decode(_ frame: Frame) throws(WireDecodingError) -> PeerMessage {
        try decode(type: frame.type, version: frame.version, payload: frame.payload)
    }

    /// The message whose frame has this type, version and payload.
    public static func decode(type: UInt16, version: UInt16, payload: [UInt8]) throws(WireDecodingError) -> PeerMessage {
        guard let kind = PeerMessage.Kind(rawValue: type) else {
            let known = PeerMessage.Kind.allCases.map(\.rawValue)
            throw .invalidValue("unknown message type \(type): this build knows types \(known.min()!)...\(known.max()!)")
        }
        let supported = PeerProtocol.supportedVersions
        guard kind.isHandshake || supported.contains(version) else {
            throw .invalidValue("\(kind) frame of protocol version \(version): this build speaks versions \(supported.lowerBound)...\(supported.upperBound)")
        }
        var reader = WireReader(payload)
        let message = try decodePayload(kind, version: version, from: &reader)
        try reader.expectEnd()
        return message
    }

    private static func decodePayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        switch kind {
        case .hello:
            return .hello(try readHello(from: &reader))
        case .helloAck:
            let nodeID = try readNodeID(from: &reader, field: "helloAck node id")
            let version = try reader.readU16()
            guard version >= 1 else { throw .invalidValue("helloAck version must be at least 1, got 0") }
            // A version-1 answer ends here; from version 2 nonce and proof are required,
            // so a cut answer is never mistaken for an older one.
            guard version >= 2 else { return .helloAck(HelloAck(nodeID: nodeID, version: version)) }
            let nonce = try reader.readFixedBytes(count: HandshakeTranscript.nonceByteCount)
            // From version 3 the acceptor's certificate precedes its proof, a signature.
            guard version >= 3 else {
                let proof = try reader.readFixedBytes(count: HandshakeTranscript.proofByteCount)
                return .helloAck(HelloAck(nodeID: nodeID, version: version, nonce: nonce, proof: proof))
            }
            let certificate = try Certificate(encoded: try reader.readBytes(maxBytes: Certificate.maxEncodedBytes))
            let signature = try reader.readFixedBytes(count: HelloAck.signatureByteCount)
            return .helloAck(HelloAck(nodeID: nodeID, version: version, nonce: nonce, proof: signature, certificate: certificate))
        case .refuse:
            return .refuse(reason: try reader.readString(maxBytes: PeerMessageCodecLimits.maxRefuseReasonBytes))
        case .ping:
            let sequence = try readProbeSequence(from: &reader)
            return .ping(sequence: sequence, gossip: try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxGossipRecords))
        case .ack:
            let sequence = try readProbeSequence(from: &reader)
            return .ack(sequence: sequence, gossip: try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxGossipRecords))
        case .pingRequest:
            let sequence = try readProbeSequence(from: &reader)
            let target = try readNodeID(from: &reader, field: "ping request target")
            let gossip = try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxGossipRecords)
            return .pingRequest(sequence: sequence, target: target, gossip: gossip)
        case .syncRequest:
            let versionVector = try readVersionVector(from: &reader)
            let gossip = try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxGossipRecords)
            return .syncRequest(SyncRequest(versionVector: versionVector, gossip: gossip))
        case .eventBatch:
            return .eventBatch(try readEventBatch(version: version, from: &reader))
        case .batchAck:
            return .batchAck(versionVector: try readVersionVector(from: &reader))
        case .membership:
            let members = try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxMembershipRecords)
            return .membership(members: members, isReply: try reader.readBool())
        case .tokenDigest, .tokenRecords, .signedTokenRecords:
            return try readTokenPayload(kind, version: version, from: &reader)
        case .decisionDigest, .membershipDecisions:
            return try readDecisionPayload(kind, version: version, from: &reader)
        case .memberDigest, .memberBucketDigests, .memberBucketRecords:
            return try readMemberListPayload(kind, version: version, from: &reader)
        case .vectorPull, .vectorAnswer:
            return try readVectorSummaryPayload(kind, version: version, from: &reader)
        case .holidayDigest, .holidaySchedules:
            return try readHolidayPayload(kind, version: version, from: &reader)
        case .historyRequest, .history, .historyHint:
            return try readHistoryPayload(kind, version: version, from: &reader)
        case .provinceMergeDigest, .provinceMerges:
            return try readProvinceMergePayload(kind, version: version, from: &reader)
        case .certificateRequest, .certificates:
            return try readCertificatePayload(kind, version: version, from: &reader)
        }
    }

    private static func readHello(from reader: inout WireReader) throws(WireDecodingError) -> Hello {
        let clusterID = try reader.readString(maxBytes: PeerMessageCodecLimits.maxClusterIDBytes)
        guard !clusterID.isEmpty else { throw .invalidValue("hello cluster id is empty") }
        let nodeID = try readNodeID(from: &reader, field: "hello node id")
        let minVersion = try reader.readU16()
        let maxVersion = try reader.readU16()
        guard minVersion >= 1, minVersion <= maxVersion else {
            throw .invalidValue("hello version range \(minVersion)...\(maxVersion) is empty or starts at 0: it must be min...max with 1 <= min <= max")
        }
        // A hello of a version-1 build ends here: it is read, so the refusal can
        // name the versions. One offering version 2 must name its key and nonce.
        guard maxVersion >= 2 else { return Hello(clusterID: clusterID, nodeID: nodeID, minVersion: minVersion, maxVersion: maxVersion) }
        let keyID = ClusterKeyID(bytes: try reader.readFixedBytes(count: ClusterKeyID.byteCount))
        let nonce = try reader.readFixedBytes(count: HandshakeTranscript.nonceByteCount)
        return Hello(clusterID: clusterID, nodeID: nodeID, minVersion: minVersion, maxVersion: maxVersion, keyID: keyID, nonce: nonce)
    }

    static func writeEventBatch(_ batch: EventBatch, version: UInt16, to writer: inout WireWriter) {
        writer.array(batch.events) { writer, event in writeEvent(event, version: version, to: &writer) }
        writeVersionVector(batch.senderVersionVector, to: &writer)
        writer.bool(batch.hasMore)
        writer.bool(batch.isPush)
        writer.bool(batch.continues)
        if version >= PeerProtocol.identityVersion {
            writer.array(batch.certificates) { writer, certificate in writer.bytes(certificate.encoded) }
        }
    }

    static func readEventBatch(version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> EventBatch {
        let events = try reader.readArray(
            maxCount: PeerMessageCodecLimits.maxEventsPerBatch, minElementBytes: minEventBytes
        ) { reader throws(WireDecodingError) in try readEvent(version: version, from: &reader) }
        let versionVector = try readVersionVector(from: &reader)
        let hasMore = try reader.readBool()
        let isPush = try reader.readBool()
        let continues = try reader.readBool()
        var certificates: [Certificate] = []
        if version >= PeerProtocol.identityVersion {
            certificates = try reader.readArray(maxCount: PeerMessageCodecLimits.maxCertificatesPerBatch, minElementBytes: 1) {
                reader throws(WireDecodingError) in try Certificate(encoded: try reader.readBytes(maxBytes: Certificate.maxEncodedBytes))
            }
        }
        return EventBatch(events: events, senderVersionVector: versionVector, hasMore: hasMore, isPush: isPush, continues: continues,
                          certificates: certificates)
    }

    /// Probe sequences are numbered from 1 by the sender (`ProbeState`); 0 is never sent.
    private static func readProbeSequence(from reader: inout WireReader) throws(WireDecodingError) -> UInt64 {
        let sequence = try reader.readVarint()
        guard sequence >= 1 else { throw .invalidValue("probe sequence must be at least 1, got 0") }
        return sequence
    }
}

extension PeerMessage.Kind {
    /// Whether this kind belongs to the connection handshake, which the
    /// transport handles itself and which is never valid after it.
    public var isHandshake: Bool {
        switch self {
        case .hello, .helloAck, .refuse: return true
        case .ping, .ack, .pingRequest, .syncRequest, .eventBatch, .batchAck, .membership: return false
        case .tokenDigest, .tokenRecords, .signedTokenRecords, .decisionDigest, .membershipDecisions: return false
        case .memberDigest, .memberBucketDigests, .memberBucketRecords, .vectorPull, .vectorAnswer: return false
        case .holidayDigest, .holidaySchedules: return false
        case .historyRequest, .history, .historyHint: return false
        case .provinceMergeDigest, .provinceMerges, .certificateRequest, .certificates: return false
        }
    }
}
