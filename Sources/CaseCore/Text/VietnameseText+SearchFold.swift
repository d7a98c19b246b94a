/// Search folding by table for the scalars names are made of.
///
/// `foldedByDecomposing` goes through Foundation's lower-casing and decomposition,
/// several microseconds a name on Linux; a node folds three names for every dossier
/// it saves (the search key and both halves of the sort key), which made it a fifth
/// of the cost of saving one. Every scalar of the ranges `isCanonicalAsIs` trusts
/// (ASCII, Latin-1, Latin Extended-A/-B, Latin Extended Additional) folds on its own,
/// with no context: this table holds what the general path makes of each.
/// `VietnameseTextSearchFoldTests` holds the two paths to the same result.
extension VietnameseText {
    /// The folded UTF-8 of `text`, scalar by scalar, or nil when a scalar is outside the
    /// table (the caller then takes the general path).
    static func foldedByTable(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let slot = searchFoldSlot(of: scalar) else { return nil }
            bytes.append(contentsOf: searchFoldTable[slot])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The table's slot for a scalar: U+0000–U+024F first, then U+1E00–U+1EFF.
    static func searchFoldSlot(of scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0..<0x250: Int(scalar.value)
        case 0x1E00...0x1EFF: 0x250 + Int(scalar.value - 0x1E00)
        default: nil
        }
    }

    /// The folded UTF-8 of every scalar of the two ranges, computed once by the general path.
    static let searchFoldTable: [[UInt8]] = {
        let values = Array(0..<UInt32(0x250)) + Array(UInt32(0x1E00)...0x1EFF)
        return values.map { value in
            // Every value of the two ranges is a valid scalar (no surrogates there).
            Array(foldedByDecomposing(String(Character(Unicode.Scalar(value)!))).utf8)
        }
    }()
}
