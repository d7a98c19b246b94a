import Foundation

/// Text in Unicode Normalisation Form C, the form casestore stores, with a fast path
/// for the text nearly every field holds.
public enum CanonicalText {
    /// True when every scalar is one whose canonical form is itself and that
    /// nothing can compose with: ASCII, Latin-1, Latin Extended-A and -B
    /// (U+0000–U+024F) and Latin Extended Additional (U+1E00–U+1EFF, the
    /// precomposed Vietnamese vowels). None of them is a combining mark, a
    /// singleton, a composition exclusion, or one of the few starters that
    /// compose with a preceding starter (Hangul jamo, some Indic vowel signs),
    /// so NFC leaves a string of them unchanged (and so does the mark reordering
    /// of `VietnameseText`). `VietnameseTextFastPathTests` checks every scalar of
    /// these ranges against the full path.
    public static func isCanonicalAsIs(_ text: String) -> Bool {
        // Checked on the UTF-8 bytes: every text bound to SQL passes through here, and
        // decoding scalars one by one was a tenth of applying a replicated event.
        if let verdict = text.utf8.withContiguousStorageIfAvailable(TrustedUTF8.holdsOnlyTrustedScalars) { return verdict }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.value < 0x250 || (0x1E00...0x1EFF).contains(scalar.value)
        }
    }

    /// `bytes` (valid UTF-8) in NFC, as bytes: themselves when every scalar is one
    /// `isCanonicalAsIs` trusts, without making a string of them.
    public static func nfcNormalized(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.withUnsafeBufferPointer(TrustedUTF8.holdsOnlyTrustedScalars) { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}

/// Bytes proven to be UTF-8 text in NFC as they are: every scalar one
/// `CanonicalText.isCanonicalAsIs` trusts (which also proves them well-formed). What a store
/// binds as text straight from the bytes, with no string made of them and no second check:
/// a received payload and a dossier's state are a kilobyte or two each, and the one writer
/// made a string of each, checked it and checked it again when binding
/// (`casebench apply`). Text outside the trusted ranges gets no proof; it goes the way of
/// `String.nfcNormalized`.
public struct CanonicalUTF8: Sendable, Equatable {
    public let bytes: [UInt8]

    /// The proof for `bytes`, or nil when they are not UTF-8 made only of trusted scalars.
    public init?(checking bytes: [UInt8]) {
        guard bytes.withUnsafeBufferPointer(TrustedUTF8.holdsOnlyTrustedScalars) else { return nil }
        self.bytes = bytes
    }

    /// The text, as a string.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

extension String {
    /// This text in NFC. Text `CanonicalText.isCanonicalAsIs` trusts (nearly all SQL
    /// parameters) skips Foundation's normaliser, which is slow on Linux.
    public var nfcNormalized: String {
        if CanonicalText.isCanonicalAsIs(self) { return self }
        return precomposedStringWithCanonicalMapping
    }
}
