import CaseCrypto
import CaseSupport

/// Each origin's events form a hash chain, and the origin signs each link.
///
///     link₀ = SHA-256("casestore event chain v1" ‖ origin)
///     linkₙ = SHA-256(linkₙ₋₁ ‖ canonical bytes of event n)
///     signatureₙ = Ed25519(origin's node key, "casestore event signature v1" ‖ origin ‖ n ‖ linkₙ)
///
/// Why a chain: verifying one Ed25519 signature costs about 0.27 ms, so checking every
/// event would cap catch-up near 3,700 events a second. A link costs one SHA-256, and
/// one verified signature at the end of a run of an origin's events vouches for every
/// event before it. Every event still carries its own signature, so any prefix of the
/// log, cut anywhere by any relay, can be verified, and `casectl audit` can check each.
///
/// The canonical bytes are the stored form: every text field in NFC and the payload as
/// canonical JSON, so the link computed from a stored event equals the one computed from
/// the event as it was sent.
public enum EventChain {
    public static let linkByteCount = SHA256.digestByteCount
    static let genesisLabel = Array("casestore event chain v1".utf8)
    static let signatureLabel = Array("casestore event signature v1".utf8)

    /// The link before an origin's first event.
    public static func genesis(origin: String) -> [UInt8] {
        var writer = WireWriter()
        writer.fixedBytes(genesisLabel)
        writer.string(origin)
        return SHA256.hash(writer.buffer)
    }

    /// The link of `event`, which follows the event whose link is `previous`.
    public static func link(after previous: [UInt8], _ event: ChangeEvent) -> [UInt8] {
        // Worked out by the receiving thread (`ChangeEvent.link(after:)`): the same hash.
        event.knownLink(after: previous) ?? computedLink(after: previous, event)
    }

    static func computedLink(after previous: [UInt8], _ event: ChangeEvent) -> [UInt8] {
        var hash = SHA256()
        hash.update(previous)
        hash.update(canonicalBytes(event))
        return hash.finalize()
    }

    /// The bytes an origin signs for its event `sequence` whose link is `link`.
    public static func signedMessage(origin: String, sequence: Int64, link: [UInt8]) -> [UInt8] {
        var writer = WireWriter()
        writer.fixedBytes(signatureLabel)
        writer.string(origin)
        writer.varint(UInt64(sequence))
        writer.fixedBytes(link)
        return writer.buffer
    }

    /// `event` as its origin stores it: linked after `previous` and signed with `key`.
    public static func seal(_ event: ChangeEvent, after previous: [UInt8], key: SigningKey) -> ChangeEvent {
        let link = link(after: previous, event)
        return event.sealed(chain: link, signature: key.sign(signedMessage(origin: event.origin, sequence: event.sequence, link: link)))
    }

    /// Whether `event`'s signature is `publicKey`'s over its (already computed) link.
    public static func isSignedBy(_ publicKey: SigningPublicKey, _ event: ChangeEvent) -> Bool {
        publicKey.isValidSignature(event.signature, of: signedMessage(origin: event.origin, sequence: event.sequence, link: event.chain))
    }

    /// Marks the province tags of an event of format 2 after its payload. An event without
    /// tags (format 1) ends at its payload, so its bytes, and every link already stored,
    /// stay what they were.
    static let tagsMarker: UInt8 = 0x02

    /// Every field of the event's content, text in NFC, payload as canonical JSON, and
    /// its province tags when it has any.
    static func canonicalBytes(_ event: ChangeEvent) -> [UInt8] {
        var writer = WireWriter(reservingCapacity: 256 + event.payloadJSON.count)
        writer.string(event.origin.nfcNormalized)
        writer.varint(UInt64(event.sequence))
        writer.u64(event.timestamp.rawValue)
        writer.string(event.dossierCode.nfcNormalized)
        writer.string(event.kind.rawValue)
        writer.string(event.actor.nfcNormalized)
        writer.string(event.centre.nfcNormalized)
        writer.bytes(CanonicalText.nfcNormalized(event.payloadJSON))
        if !event.tags.isEmpty {
            writer.fixedBytes([tagsMarker])
            StreamTagEncoding.encode(event.tags, into: &writer)
        }
        return writer.buffer
    }
}
