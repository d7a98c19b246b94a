/// A symbol under construction: its modules, and which of them are function patterns
/// (finders, timing, alignment, format and version information) that data and masks skip.
struct QRMatrix {
    let size: Int
    private(set) var dark: [Bool]
    private(set) var isFunction: [Bool]

    init(version: QRVersion) {
        size = version.size
        dark = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
        drawFunctionPatterns(version)
    }

    subscript(x: Int, y: Int) -> Bool { dark[y * size + x] }

    /// The modules row by row, as the penalty rules read them.
    var rows: [[Bool]] {
        (0..<size).map { y in Array(dark[y * size..<(y + 1) * size]) }
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ value: Bool) {
        dark[y * size + x] = value
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns (ISO/IEC 18004 §6.3)

    private mutating func drawFunctionPatterns(_ version: QRVersion) {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        drawFinder(centreX: 3, centreY: 3)
        drawFinder(centreX: size - 4, centreY: 3)
        drawFinder(centreX: 3, centreY: size - 4)
        drawAlignmentPatterns(version.alignmentCentres)
        // Reserve the format areas now (their bits depend on the mask chosen later).
        drawFormatBits(0)
        drawVersionBits(version.number)
    }

    /// A finder pattern and its light separator: rings at distance 2 and 4 are light.
    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx, y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x, y, distance != 2 && distance != 4)
            }
        }
    }

    /// Alignment patterns at every pair of centres except the three finder corners.
    private mutating func drawAlignmentPatterns(_ centres: [Int]) {
        let last = centres.count - 1
        for (i, centreX) in centres.enumerated() {
            for (j, centreY) in centres.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(centreX + dx, centreY + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
    }

    /// The 15 format bits in both copies, and the dark module beside the lower-left finder.
    mutating func drawFormatBits(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0..<6 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)
    }

    /// The 18 version bits in both 6×3 blocks, from version 7 on.
    private mutating func drawVersionBits(_ version: Int) {
        guard version >= 7 else { return }
        let bits = QRFormat.versionBits(version)
        for index in 0..<18 {
            let value = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3, b = index / 3
            setFunction(a, b, value)
            setFunction(b, a, value)
        }
    }

    // MARK: Data (§7.7.3)

    /// Places the codewords' bits in two-module columns, right to left, zigzagging up and
    /// down and skipping the vertical timing column; modules left over stay light.
    mutating func placeData(_ codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = ((right + 1) & 2) == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < bitCount {
                    dark[y * size + x] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Inverts the data modules where mask pattern `mask` (0–7, §7.8.2 Table 10) says so.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.maskInverts(mask, x: x, y: y) {
                dark[y * size + x].toggle()
            }
        }
    }

    static func maskInverts(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) % 2 == 0
        case 5: return x * y % 2 + x * y % 3 == 0
        case 6: return (x * y % 2 + x * y % 3) % 2 == 0
        case 7: return ((x + y) % 2 + x * y % 3) % 2 == 0
        default: preconditionFailure("mask patterns are 0 to 7")
        }
    }
}
