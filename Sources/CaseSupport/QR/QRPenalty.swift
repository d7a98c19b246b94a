/// The penalty score of a masked symbol (ISO/IEC 18004 §7.8.3): the encoder tries all eight
/// masks and keeps the one with the lowest score, the one scanners find easiest to read.
enum QRPenalty {
    static func score(_ matrix: QRMatrix) -> Int {
        runs(matrix) + blocks(matrix) + finderLikePatterns(matrix) + balance(matrix)
    }

    /// Rule 1: each run of five or more same-coloured modules in a row or column scores 3,
    /// plus 1 for each module beyond five.
    static func runs(_ matrix: QRMatrix) -> Int {
        var total = 0
        for line in lines(matrix) {
            var runLength = 1
            for index in 1..<line.count {
                if line[index] == line[index - 1] {
                    runLength += 1
                } else {
                    total += runPenalty(runLength)
                    runLength = 1
                }
            }
            total += runPenalty(runLength)
        }
        return total
    }

    private static func runPenalty(_ length: Int) -> Int {
        length >= 5 ? 3 + length - 5 : 0
    }

    /// Rule 2: each 2×2 block of one colour scores 3 (overlapping blocks count separately).
    static func blocks(_ matrix: QRMatrix) -> Int {
        var total = 0
        for y in 0..<matrix.size - 1 {
            for x in 0..<matrix.size - 1 {
                let colour = matrix[x, y]
                if matrix[x + 1, y] == colour && matrix[x, y + 1] == colour && matrix[x + 1, y + 1] == colour { total += 3 }
            }
        }
        return total
    }

    /// Rule 3: each dark-light-dark×3-light-dark (1:1:3:1:1) pattern with four light modules
    /// before or after it, in a row or column, scores 40: it looks like a finder. Modules
    /// beyond the edge count as light, as the quiet zone is.
    static func finderLikePatterns(_ matrix: QRMatrix) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        var total = 0
        for line in lines(matrix) {
            func isLight(_ range: Range<Int>) -> Bool {
                range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] }
            }
            for start in 0...(line.count - core.count) where core.indices.allSatisfy({ line[start + $0] == core[$0] }) {
                if isLight(start - 4..<start) || isLight(start + 7..<start + 11) { total += 40 }
            }
        }
        return total
    }

    /// Rule 4: 10 for each full 5 % step the dark share strays from 50 %.
    static func balance(_ matrix: QRMatrix) -> Int {
        let total = matrix.size * matrix.size
        var darkCount = 0
        for y in 0..<matrix.size { for x in 0..<matrix.size where matrix[x, y] { darkCount += 1 } }
        let deviationPercent = abs(darkCount * 100 - total * 50)
        return deviationPercent / (total * 5) * 10
    }

    /// Every row and every column of the symbol.
    private static func lines(_ matrix: QRMatrix) -> [[Bool]] {
        let indices = 0..<matrix.size
        return indices.map { y in indices.map { x in matrix[x, y] } } + indices.map { x in indices.map { y in matrix[x, y] } }
    }
}
