/// Reed–Solomon error correction codewords as the QR code computes them
/// (ISO/IEC 18004 §7.5.2): the remainder of the data polynomial times x^n divided by
/// the generator polynomial (x - α^0)(x - α^1)…(x - α^(n-1)).
enum ReedSolomon {
    /// The generator polynomial of degree `degree`, coefficients from the highest power
    /// down; the leading coefficient is 1.
    static func generator(degree: Int) -> [UInt8] {
        precondition((1...68).contains(degree), "QR codes use 7 to 68 error correction codewords per block")
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            let factor = GaloisField256.exponents[root]
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= GaloisField256.multiply(coefficient, factor)
            }
            polynomial = product
        }
        return polynomial
    }

    /// The `count` error correction codewords of one block of data codewords.
    static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
        let generator = generator(degree: count)
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<count {
                remainder[index] ^= GaloisField256.multiply(generator[index + 1], factor)
            }
        }
        return remainder
    }
}
