/// The ranges `CanonicalText.isCanonicalAsIs` trusts, recognised in valid UTF-8
/// without decoding scalars: U+0000–U+024F and U+1E00–U+1EFF.
enum TrustedUTF8 {
    /// Whether every scalar of `bytes` (valid UTF-8, as a Swift string's are) is in the ranges.
    ///
    /// - U+0000–U+007F: one byte below 0x80.
    /// - U+0080–U+024F: two bytes, lead 0xC2–0xC8 (U+0080–U+023F), or lead 0xC9 with a
    ///   continuation below 0x90 (U+0240–U+024F).
    /// - U+1E00–U+1EFF: three bytes, lead 0xE1 and second byte 0xB8–0xBB.
    /// Anything else (other two-byte leads, other three-byte leads, four-byte scalars) is not.
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
                index += 2
            } else if lead == 0xC9 {
                guard index + 1 < count, bytes[index + 1] < 0x90 else { return false }
                index += 2
            } else if lead == 0xE1 {
                guard index + 1 < count, (0xB8...0xBB).contains(bytes[index + 1]) else { return false }
                index += 3
            } else {
                return false
            }
        }
        return true
    }
}
