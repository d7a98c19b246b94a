/// The codeword sequence of a byte-mode symbol (ISO/IEC 18004 §7.4 and §7.6): the data bit
/// stream padded to the version's capacity, split into blocks, each given its error
/// correction, and the blocks interleaved codeword by codeword.
enum QRCodewords {
    /// The data codewords: mode 0100, the byte count, the bytes, a terminator of up to four
    /// zero bits, zero bits to a byte boundary, then the pad bytes 0xEC and 0x11 in turn.
    static func data(_ bytes: [UInt8], version: QRVersion) -> [UInt8] {
        precondition(bytes.count <= version.byteCapacity, "the version was chosen to hold the bytes")
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version.countIndicatorBits)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacityBits = version.dataCodewords * 8
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < version.dataCodewords {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// The final sequence: data codewords of every block interleaved, then their error
    /// correction codewords interleaved.
    static func interleaved(data: [UInt8], version: QRVersion) -> [UInt8] {
        var blocks: [[UInt8]] = []
        var start = 0
        for count in version.blockDataCounts {
            blocks.append(Array(data[start..<start + count]))
            start += count
        }
        let corrections = blocks.map { ReedSolomon.errorCorrection(for: $0, count: version.errorCorrectionPerBlock) }
        return interleave(blocks) + interleave(corrections)
    }

    private static func interleave(_ blocks: [[UInt8]]) -> [UInt8] {
        let longest = blocks.map(\.count).max() ?? 0
        var result: [UInt8] = []
        for index in 0..<longest {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        return result
    }
}

/// Bits appended most significant first, read back as bytes.
struct BitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    /// The bits as bytes; the count must be a multiple of 8.
    var bytes: [UInt8] {
        precondition(bits.count % 8 == 0, "only whole bytes are read back")
        return stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
    }
}
