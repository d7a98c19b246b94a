/// Which province each centre belongs to, from what the cluster root signed: the centres'
/// node certificates (format 2 names a province; format 1 is `00`) and the root's
/// province merges. The one directory every node tags events with and routes by
/// (docs/design/provinces.md).
///
/// Why certificates and not a directory document of its own: a node's certificate must
/// name its province already (`casenode --province` is checked against it), so a second
/// signed list could only agree with the certificates or contradict them. A move is a new
/// identity with a new certificate, so a centre's province never changes except by merger.
///
/// The caller adds only certificates and merges it has verified against the root.
public struct ProvinceDirectory: Equatable, Sendable {
    /// Each centre's province as its newest certificate names it (before merges).
    public private(set) var certifiedProvinces: [String: ProvinceCode] = [:]
    /// When each centre's newest certificate starts to be valid: a newer one replaces it.
    private var certifiedFromMs: [String: Int64] = [:]
    /// The merge in force for each merged province: the latest the root signed.
    public private(set) var merges: [ProvinceCode: ProvinceMerge] = [:]

    public init() {}

    /// Takes in a node certificate verified against the root; an older one of the same
    /// centre than one held changes nothing.
    public mutating func add(_ certificate: Certificate) {
        guard certificate.role == .node else { return }
        if let held = certifiedFromMs[certificate.subject], held > certificate.validFromMs { return }
        certifiedFromMs[certificate.subject] = certificate.validFromMs
        certifiedProvinces[certificate.subject] = certificate.province
    }

    /// Places `centre` in `province` directly: for a world whose provinces are given, as
    /// the simulator's. A node builds its directory from verified certificates (`add`).
    public mutating func place(_ centre: String, in province: ProvinceCode) {
        certifiedProvinces[centre] = province
        certifiedFromMs[centre] = Int64.min
    }

    /// Takes in a merge verified against the root. A merge of a province already merged
    /// replaces the earlier one only if it is later. Refused (returns a reason, changes
    /// nothing) when it would make merges go round in a circle: the root signed two
    /// merges that contradict each other, and no centre could then be placed.
    @discardableResult
    /// A merged province is not merged again into another: its centres' streams would stay
    /// with the first province's nodes (refused with a reason too).
    public mutating func add(_ merge: ProvinceMerge) -> String? {
        if let held = merges[merge.from], held.into != merge.into {
            return "province \(merge.from) is merged into \(held.into) already; merging it into \(merge.into) is not supported"
        }
        if let held = merges[merge.from], held.issuedAtMs >= merge.issuedAtMs { return nil }
        var trial = merges
        trial[merge.from] = merge
        guard Self.resolve(merge.into, through: trial) != nil else {
            return "the merge of \(merge.from) into \(merge.into) would make province merges go round in a circle; ignored"
        }
        merges = trial
        return nil
    }

    /// The province `province` belongs to now: itself, or the province it was merged
    /// into, followed through every later merger.
    public func resolve(_ province: ProvinceCode) -> ProvinceCode {
        // `add` keeps the merges free of circles, so this always ends.
        Self.resolve(province, through: merges) ?? province
    }

    /// The province of `centre` now; nil for a centre the directory does not know.
    public func province(ofCentre centre: String) -> ProvinceCode? {
        certifiedProvinces[centre].map(resolve)
    }

    /// Every centre whose province is `province` now, sorted.
    public func centres(in province: ProvinceCode) -> [String] {
        certifiedProvinces.keys.filter { self.province(ofCentre: $0) == province }.sorted()
    }

    /// Every province a centre's events may be tagged with and that is `province` now:
    /// itself and every province merged into it. A node holds the streams of all of them.
    public func streams(of province: ProvinceCode) -> [ProvinceCode] {
        ([province] + merges.keys.filter { resolve($0) == province && $0 != province }).sorted()
    }

    /// Follows `merges` from `province`; nil when they go round in a circle.
    private static func resolve(_ province: ProvinceCode, through merges: [ProvinceCode: ProvinceMerge]) -> ProvinceCode? {
        var current = province
        var seen: Set<ProvinceCode> = [province]
        while let next = merges[current]?.into {
            guard seen.insert(next).inserted else { return nil }
            current = next
        }
        return current
    }
}
