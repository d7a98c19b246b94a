/// The ranges `CanonicalText.isCanonicalAsIs` trusts, recognised in UTF-8 without
/// decoding scalars: U+0000–U+024F and U+1E00–U+1EFF.
enum TrustedUTF8 {
    /// Whether `bytes` are well-formed UTF-8 whose every scalar is in the ranges.
    ///
    /// - U+0000–U+007F: one byte below 0x80.
    /// - U+0080–U+024F: two bytes, lead 0xC2–0xC8 (U+0080–U+023F), or lead 0xC9 with a
    ///   continuation below 0x90 (U+0240–U+024F).
    /// - U+1E00–U+1EFF: three bytes, lead 0xE1, second byte 0xB8–0xBB, then a continuation.
    /// Anything else (other leads, a missing or stray continuation byte, four-byte scalars)
    /// is not: so bytes that pass are valid UTF-8 too (`CanonicalUTF8` relies on it).
    static func holdsOnlyTrustedScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time: every text bound to SQL is scanned here, and the
            // JSON of a replicated event's payload and dossier state is mostly ASCII.
            if count - index >= 8, base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
            } else if lead >= 0xC2 && lead <= 0xC8 {
                guard index + 1 < count, isContinuation(bytes[index + 1]) else { return false }
                index += 2
            } else if lead == 0xC9 {
                guard index + 1 < count, (0x80..<0x90).contains(bytes[index + 1]) else { return false }
                index += 2
            } else if lead == 0xE1 {
                guard index + 2 < count, (0xB8...0xBB).contains(bytes[index + 1]), isContinuation(bytes[index + 2]) else { return false }
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    @inline(__always)
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
