/// A value with a binary form in the peer wire format.
///
/// Encoding cannot fail: the value is ours and already valid. Keep the field
/// order fixed forever once a message type ships; add fields only in a new
/// message type or version.
public protocol WireEncodable {
    /// Appends this value's fields to `writer`, in the order `WireDecodable` reads them.
    func encode(to writer: inout WireWriter)
}

extension WireEncodable {
    /// This value alone, encoded.
    public var wireBytes: [UInt8] {
        var writer = WireWriter()
        encode(to: &writer)
        return writer.buffer
    }
}
