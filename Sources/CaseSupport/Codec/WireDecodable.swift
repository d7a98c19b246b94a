/// A value that can be read back from the peer wire format.
///
/// Decoding must treat the input as hostile: pass explicit limits to every
/// length and count, and throw `.invalidValue` for fields outside their domain.
public protocol WireDecodable {
    /// Reads this value's fields from `reader`, in the order `WireEncodable` wrote them.
    init(from reader: inout WireReader) throws(WireDecodingError)
}

extension WireDecodable {
    /// Decodes a value that must fill `wireBytes` exactly; trailing bytes are an error.
    public init(wireBytes: [UInt8]) throws(WireDecodingError) {
        var reader = WireReader(wireBytes)
        try self.init(from: &reader)
        try reader.expectEnd()
    }
}
