/// The penalty score of a masked symbol (ISO/IEC 18004 §7.8.3): the encoder tries all eight
/// masks and keeps the one with the lowest score, the one scanners find easiest to read.
/// The rules read the symbol as rows of modules (`true` dark), so tests can score small
/// hand-made grids.
enum QRPenalty {
    static func score(_ matrix: QRMatrix) -> Int {
        score(rows: matrix.rows)
    }

    static func score(rows: [[Bool]]) -> Int {
        let lines = rows + columns(of: rows)
        return runs(lines) + blocks(rows) + finderLikePatterns(lines) + balance(rows)
    }

    /// Rule 1: each run of five or more same-coloured modules in a line scores 3, plus 1 for
    /// each module beyond five.
    static func runs(_ lines: [[Bool]]) -> Int {
        var total = 0
        for line in lines where !line.isEmpty {
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
    static func blocks(_ rows: [[Bool]]) -> Int {
        var total = 0
        for y in 0..<max(0, rows.count - 1) {
            for x in 0..<max(0, rows[y].count - 1) {
                let colour = rows[y][x]
                if rows[y][x + 1] == colour && rows[y + 1][x] == colour && rows[y + 1][x + 1] == colour { total += 3 }
            }
        }
        return total
    }

    /// Rule 3: each dark-light-dark×3-light-dark (1:1:3:1:1) pattern with four light modules
    /// before or after it in a line scores 40: it looks like a finder. Modules beyond the
    /// edge count as light, as the quiet zone is.
    static func finderLikePatterns(_ lines: [[Bool]]) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        var total = 0
        for line in lines where line.count >= core.count {
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
    static func balance(_ rows: [[Bool]]) -> Int {
        let total = rows.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        let darkCount = rows.reduce(0) { $0 + $1.filter { $0 }.count }
        return abs(darkCount * 100 - total * 50) / (total * 5) * 10
    }

    private static func columns(of rows: [[Bool]]) -> [[Bool]] {
        guard let width = rows.first?.count else { return [] }
        return (0..<width).map { x in rows.map { $0[x] } }
    }
}
