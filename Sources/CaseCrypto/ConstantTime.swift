/// Comparisons whose running time does not depend on where secret bytes
/// differ, so a peer timing our replies cannot learn a MAC or tag byte by
/// byte.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Every byte is examined even
    /// after a difference is found. Arrays of different lengths are unequal
    /// at once: lengths of MACs and tags are public, only their contents are
    /// secret.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        let difference = a.withUnsafeBufferPointer { left in
            b.withUnsafeBufferPointer { right in
                var accumulated: UInt8 = 0
                for index in 0 ..< left.count {
                    accumulated |= left[index] ^ right[index]
                }
                return accumulated
            }
        }
        return difference == 0
    }
}
