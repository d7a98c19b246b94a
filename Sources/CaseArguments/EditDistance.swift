/// Levenshtein distance, used to suggest the command the user probably meant.
enum EditDistance {
    /// Words longer than this are not compared: no command name is that long, and the
    /// quadratic table must stay small whatever the user typed.
    static let maxComparedLength = 64

    /// The number of single-character insertions, deletions and substitutions turning
    /// `source` into `target`, or `nil` when either is longer than ``maxComparedLength``.
    static func between(_ source: String, _ target: String) -> Int? {
        let a = Array(source), b = Array(target)
        guard a.count <= maxComparedLength, b.count <= maxComparedLength else { return nil }
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a plausible typo:
    /// at most 2 edits, and fewer edits than the word has characters. Ties go to the
    /// earlier candidate so the suggestion is deterministic.
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            guard let distance = between(word, candidate),
                  distance <= 2, distance < word.count else { continue }
            if distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        return best?.name
    }
}
