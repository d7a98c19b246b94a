/// Arithmetic in GF(2^8) with the QR code's field polynomial x^8 + x^4 + x^3 + x^2 + 1
/// (0x11D, ISO/IEC 18004 §7.5.2), through exponent and logarithm tables.
enum GaloisField256 {
    /// `exponents[i]` is α^i for i in 0..<255, repeated once so a sum of two logarithms
    /// indexes it without a modulo.
    static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            table[power + 255] = UInt8(value)
            value <<= 1
            if value >= 256 { value ^= 0x11D }
        }
        return table
    }()

    /// `logarithms[v]` is the i with α^i = v, for v in 1...255 (0 has none).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for power in 0..<255 { table[Int(exponents[power])] = power }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
    }
}
