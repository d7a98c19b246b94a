/// The default bounds of the peer wire format, in one place, each with the
/// reason for its number. Decoders take their limits as parameters; these are
/// the values to pass unless a message has a reason for a tighter one.
public enum WireLimits {
    /// Largest frame payload a `FrameDecoder` accepts by default.
    /// Why 4 MiB: the biggest message is a batch of up to 1,000 change events of
    /// about 2 KB each (2 MB), which fits with room for headers and a few
    /// larger events; a receiver buffers at most this much per connection.
    public static let maxFramePayloadBytes = 4 * 1024 * 1024

    /// Longest string field.
    /// Why 64 KiB: the longest text in a dossier (a free-text note) is a few
    /// KB; names, codes and addresses are far shorter. Anything longer is a bug
    /// or hostile input.
    public static let maxStringBytes = 64 * 1024

    /// Longest opaque byte field (for example an event body encoded by a layer above).
    /// Why 1 MiB: a whole dossier arrives over HTTP in at most 1 MiB
    /// (`HTTPServerLimits.maxBodyBytes`), so no event derived from one is larger.
    public static let maxBytesFieldBytes = 1024 * 1024

    /// Most elements in one counted list.
    /// Why 16,384: the longest lists are per-node heads (one per commune centre;
    /// Vietnam has 3,321) and event batches (at most 1,000), so this leaves about
    /// five times headroom; every element is also checked against the bytes left.
    public static let maxArrayCount = 16_384
}
