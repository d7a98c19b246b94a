/// The BCH-protected format and version information (ISO/IEC 18004 §7.9 and §7.10).
enum QRFormat {
    /// The 15 format bits for level M (indicator 00) and `mask`: 5 data bits, 10 bits of
    /// the (15,5) BCH code with generator 0x537, all XORed with 0x5412 so they are never all zero.
    static func formatBits(mask: Int) -> Int {
        precondition((0...7).contains(mask), "mask patterns are 0 to 7")
        let levelM = 0b00
        let data = levelM << 3 | mask
        return (data << 10 | remainder(data, degree: 10, generator: 0x537)) ^ 0x5412
    }

    /// The 18 version bits: 6 bits of version, 12 bits of the (18,6) Golay code with generator 0x1F25.
    static func versionBits(_ version: Int) -> Int {
        precondition((7...40).contains(version), "version information exists from version 7")
        return version << 12 | remainder(version, degree: 12, generator: 0x1F25)
    }

    /// The remainder of `data` times x^degree divided by `generator`, in GF(2).
    private static func remainder(_ data: Int, degree: Int, generator: Int) -> Int {
        var value = data << degree
        for bit in stride(from: 30, through: degree, by: -1) where (value >> bit) & 1 == 1 {
            value ^= generator << (bit - degree)
        }
        return value
    }
}
