import Foundation

/// The shape of Vietnam's 34 provinces after 1 July 2025, for simulating the nation
/// (issue 16): 3,321 commune-level units, from about 38 communes (Lai Châu) to 168 (Hồ Chí
/// Minh City), mean about 98 (../shared/DOMAIN.md).
///
/// Approximate: the per-province counts of the 2025 resolutions were not at hand, so the
/// sizes follow a power curve through the smallest and the largest, bent (exponent 1.2)
/// so that they add up to the national total, the few communes left over given to the
/// middle provinces. The spread, the extremes and the total, which is what replication
/// cost depends on, are the real ones; which province has which size is not claimed.
public enum NationalProvinces {
    public static let communes = 3_321
    public static let smallest = 38
    public static let largest = 168
    public static let count = 34

    /// Communes per province, ascending.
    public static var communeCounts: [Int] {
        let last = Double(count - 1)
        var sizes = (0..<count).map { index in
            Int((Double(smallest) + Double(largest - smallest) * pow(Double(index) / last, 1.2)).rounded())
        }
        var missing = communes - sizes.reduce(0, +)
        var index = count / 2
        while missing != 0 {
            sizes[index] += missing > 0 ? 1 : -1
            missing += missing > 0 ? -1 : 1
            index += 1
        }
        return sizes
    }

    /// The same shape scaled by `fraction` (each province at least `minimum` nodes), for a
    /// smaller run of the same distribution.
    public static func communeCounts(scaledBy fraction: Double, minimum: Int = 2) -> [Int] {
        communeCounts.map { max(minimum, Int((Double($0) * fraction).rounded())) }
    }
}
