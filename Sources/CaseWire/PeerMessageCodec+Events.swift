import CaseCore
import CaseCrypto
import CaseReplication
import CaseSupport
/// The binary form of a `ChangeEvent` inside an `EventBatch`.
extension PeerMessageCodec {
    /// Fewest bytes an event takes: origin 2, sequence 1, timestamp 8, dossier
    /// code 2, kind 5 (the shortest is 4 bytes), actor 1, centre 2, payload 3 ("{}").
    static let minEventBytes = 24

    /// From version 3 an event ends with its origin's signature (0 or 64 bytes); its
    /// chain link is not sent: the receiver computes it.
    static func writeEvent(_ event: ChangeEvent, version: UInt16, to writer: inout WireWriter) {
        writer.string(event.origin)
        writer.varint(UInt64(event.sequence))
        writer.u64(event.timestamp.rawValue)
        writer.string(event.dossierCode)
        writer.string(event.kind.rawValue)
        writer.string(event.actor)
        writer.string(event.centre)
        writer.bytes(event.payloadJSON)
        if version >= PeerProtocol.identityVersion { writer.bytes(event.signature) }
        if version >= PeerProtocol.provinceTagsVersion {
            StreamTagEncoding.encode(event.tags, into: &writer)
            writer.bytes(event.predecessorLink)
        }
    }

    static func readEvent(version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> ChangeEvent {
        let origin = try readNodeID(from: &reader, field: "event origin")
        let sequence = try readEventSequence(from: &reader, field: "event sequence")
        let timestamp = try readTimestamp(from: &reader)
        let dossierCode = try reader.readString(maxBytes: PeerMessageCodecLimits.maxDossierCodeBytes)
        guard !dossierCode.isEmpty else { throw .invalidValue("event \(origin)/\(sequence) has an empty dossier code") }
        let kindName = try reader.readString(maxBytes: PeerMessageCodecLimits.maxEventKindBytes)
        guard let kind = EventKind(rawValue: kindName) else {
            throw .invalidValue("event \(origin)/\(sequence) has unknown kind \(String(reflecting: kindName))")
        }
        let actor = try reader.readString(maxBytes: PeerMessageCodecLimits.maxActorBytes)
        let centre = try readNodeID(from: &reader, field: "event centre")
        let payload = try readPayload(from: &reader, event: EventID(origin: origin, sequence: sequence))
        var signature: [UInt8] = []
        if version >= PeerProtocol.identityVersion {
            signature = try reader.readBytes(maxBytes: Ed25519.signatureByteCount)
            guard signature.isEmpty || signature.count == Ed25519.signatureByteCount else {
                throw .invalidValue("event \(origin)/\(sequence) has a signature of \(signature.count) bytes: it has none or 64")
            }
        }
        let (tags, predecessorLink) = try readTags(version: version, from: &reader, event: EventID(origin: origin, sequence: sequence))
        var event: ChangeEvent
        switch payload {
        case .plain(let plain):
            event = ChangeEvent(
                origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode,
                kind: kind, actor: actor, centre: centre, payload: plain, tags: tags, signature: signature)
        case .parsed(let bytes, let tree):
            event = ChangeEvent(
                origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode,
                kind: kind, actor: actor, centre: centre, payloadJSON: bytes, parsed: tree, tags: tags, signature: signature)
        }
        event.predecessorLink = predecessorLink
        return event
    }

    /// From `provinceTagsVersion` an event ends with its province tags and its predecessor's
    /// link (none, or a whole link); before, it has neither.
    private static func readTags(
        version: UInt16, from reader: inout WireReader, event: EventID
    ) throws(WireDecodingError) -> ([StreamTag], [UInt8]) {
        guard version >= PeerProtocol.provinceTagsVersion else { return ([], []) }
        let tags: [StreamTag]
        do {
            tags = try StreamTagEncoding.decode(&reader)
        } catch let error as WireDecodingError {
            throw error
        } catch {
            throw .invalidValue("event \(event) has province tags that are not: \(error)")
        }
        let link = try reader.readBytes(maxBytes: EventChain.linkByteCount)
        guard link.isEmpty || link.count == EventChain.linkByteCount else {
            throw .invalidValue("event \(event) has a predecessor link of \(link.count) bytes: it has none or \(EventChain.linkByteCount)")
        }
        return (tags, link)
    }

    /// A received payload: indexed when plain (nearly always), else parsed.
    private enum ReceivedPayload {
        case plain(PlainCanonicalJSON)
        case parsed([UInt8], JSONValue)
    }

    /// HLC values keep the sign bit clear (47 bits of milliseconds), so they
    /// fit SQLite's signed integers; anything else did not come from a clock.
    private static func readTimestamp(from reader: inout WireReader) throws(WireDecodingError) -> HLCTimestamp {
        let raw = try reader.readU64()
        guard raw <= UInt64(Int64.max) else {
            throw .invalidValue("event timestamp \(raw) has its top bit set: HLC timestamps are below 2^63")
        }
        return HLCTimestamp(rawValue: raw)
    }

    /// The payload must be a JSON object in canonical form (as `JSONWriter`
    /// writes it), so that one value has one encoding and every replica holds
    /// the same bytes. Plain canonical JSON (`PlainCanonicalJSON`) is checked and indexed in
    /// one pass; anything else is parsed and written again to compare, which also names
    /// what is wrong (the index only says it cannot vouch for the bytes).
    private static func readPayload(from reader: inout WireReader, event: EventID) throws(WireDecodingError) -> ReceivedPayload {
        let bytes = try reader.readBytes(maxBytes: PeerMessageCodecLimits.maxEventPayloadBytes)
        let parser = JSONParser(
            maxDepth: PeerMessageCodecLimits.maxEventPayloadDepth,
            maxStringBytes: PeerMessageCodecLimits.maxEventPayloadBytes,
            maxInputBytes: PeerMessageCodecLimits.maxEventPayloadBytes)
        if let plain = PlainCanonicalJSON(bytes, limits: parser), plain.root.isObject { return .plain(plain) }
        let payload: JSONValue
        do {
            payload = try parser.parse(bytes)
        } catch {
            throw .invalidValue("event \(event) payload is not valid JSON: \(error)")
        }
        guard case .object = payload else {
            throw .invalidValue("event \(event) payload is a JSON \(payload.typeName): it must be an object")
        }
        guard JSONWriter.serialize(payload) == bytes else {
            throw .invalidValue("event \(event) payload is not canonical JSON: keys sorted by UTF-8 bytes, no whitespace, as JSONWriter writes it")
        }
        return .parsed(bytes, payload)
    }
}
