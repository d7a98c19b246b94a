extension UInt32 {
    /// The bits rotated left by `count` (0 < count < 32). Masking shifts keep
    /// this a single rotate instruction; FIPS 180-4 and RFC 8439 both define
    /// their rounds with rotations.
    @inline(__always)
    func rotatedLeft(by count: UInt32) -> UInt32 {
        (self &<< count) | (self &>> (32 &- count))
    }

    /// The bits rotated right by `count` (0 < count < 32).
    @inline(__always)
    func rotatedRight(by count: UInt32) -> UInt32 {
        (self &>> count) | (self &<< (32 &- count))
    }
}
