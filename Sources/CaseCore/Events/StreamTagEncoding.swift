import CaseSupport

/// The bytes of an event's province tags (`StreamTag`): inside its canonical bytes, after
/// the tags marker (`EventChain.canonicalBytes`), and as a stored event's `tags` column.
/// One layout for both, so what is stored is what was signed: the count, then per tag its
/// province code, the previous sequence and the previous link.
public enum StreamTagEncoding {
    /// At most one tag per province code there is (the named ones and `00`).
    public static var maxTags: Int { ProvinceCode.all.count + 1 }

    public static func encode(_ tags: [StreamTag], into writer: inout WireWriter) {
        writer.varint(UInt64(tags.count))
        for tag in tags {
            writer.string(tag.province.rawValue)
            writer.varint(UInt64(tag.previousSequence))
            writer.bytes(tag.previousLink)
        }
    }

    /// `tags` alone, as stored.
    public static func encoded(_ tags: [StreamTag]) -> [UInt8] {
        var writer = WireWriter()
        encode(tags, into: &writer)
        return writer.buffer
    }

    /// The tags `reader` holds next. Bounds are checked before anything is allocated; a
    /// province code that is not one is refused (the tags' order and links are the event's
    /// to answer for: `StreamTag.problem(in:sequence:)`).
    public static func decode(_ reader: inout WireReader) throws -> [StreamTag] {
        let count = try reader.readVarint()
        guard count <= UInt64(maxTags) else { throw StreamTagDecodingError("\(count) province tags, more than the \(maxTags) provinces there are") }
        return try (0..<Int(count)).map { _ in
            let code = try reader.readString(maxBytes: 2)
            guard let province = ProvinceCode(code) else { throw StreamTagDecodingError("a tag names \"\(code)\", which is not a province code") }
            let previous = try reader.readVarint()
            guard previous <= UInt64(Int64.max) else { throw StreamTagDecodingError("a tag's previous sequence is out of range") }
            let link = try reader.readBytes(maxBytes: EventChain.linkByteCount)
            return StreamTag(province: province, previousSequence: Int64(previous), previousLink: link)
        }
    }

    /// The tags of `bytes`, which hold nothing else.
    public static func decoded(_ bytes: [UInt8]) throws -> [StreamTag] {
        var reader = WireReader(bytes)
        let tags = try decode(&reader)
        try reader.expectEnd()
        return tags
    }
}

/// Why bytes are not province tags.
public struct StreamTagDecodingError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
