import CaseCore

/// Which event streams a node holds, and which it may exchange with each peer
/// (docs/design/provinces.md, "streams as version-vector keys").
///
/// A version vector's key names a stream: `o` is origin o's dense stream (every event
/// it wrote), held by the nodes of o's own province; `o@P` is the sparse stream of o's
/// events tagged P, held by the nodes of province P when o belongs to another. Two nodes
/// of one province hold the same streams under the same keys, so the replication core
/// compares their vectors as it always has; a node of another province holds other keys,
/// and is served only what is tagged with its province (`mayReceive`), the log reading it.
///
/// Without a province (`single`) there is one key space, every key an origin: a cluster
/// of one province behaves exactly as before provinces.
///
/// A province merger (`ProvinceMerge`) changes which streams a node holds, never the keys
/// they go by: a sparse stream is keyed by the tag its events were written with (`o@A`
/// stays `o@A` after A is merged into B), so a node of B holds `o@A` and `o@B`, and the
/// origins of A, of its province now, densely. Their old sparse keys are then stale
/// (`holds(key:)`): the dense stream holds every event they held.
public struct StreamScope: Sendable {
    /// This node's province as its certificate names it; nil when the cluster has none.
    public let certifiedProvince: ProvinceCode?
    /// Which province each node (centre) belongs to.
    public let directory: ProvinceDirectory

    /// One key space: every node holds every stream.
    public static let single = StreamScope(province: nil, directory: ProvinceDirectory())

    /// `province`: the node's province as its certificate names it.
    public init(province: ProvinceCode?, directory: ProvinceDirectory) {
        self.certifiedProvince = province
        self.directory = directory
    }

    /// This node's province now: its certified one, or the one that was merged into
    /// (followed through every merger); nil when the cluster has none. A node certified
    /// for no province (`00`) holds every stream, as before provinces, until the root
    /// merges `00` into a named province: how a one-province cluster becomes a province.
    public var province: ProvinceCode? {
        certifiedProvince.map(directory.resolve).flatMap { $0 == .unnamed ? nil : $0 }
    }

    /// The provinces whose tags this node's sparse streams follow: its province and every
    /// province merged into it.
    public var heldTags: [ProvinceCode] { province.map(directory.streams(of:)) ?? [] }

    /// The same node's scope once the root's `merge` is taken in (`ProvinceDirectory.add`).
    public func adding(_ merge: ProvinceMerge) -> StreamScope {
        var directory = directory
        directory.add(merge)
        return StreamScope(province: certifiedProvince, directory: directory)
    }

    /// The separator of a sparse stream's key; node ids never contain it.
    public static let sparseSeparator: Character = "@"

    /// The key of origin `origin`'s sparse stream of `province`.
    public static func sparseKey(origin: String, province: ProvinceCode) -> String {
        "\(origin)\(sparseSeparator)\(province.rawValue)"
    }

    /// The origin a stream key names (the key itself for a dense stream).
    public static func origin(ofKey key: String) -> String {
        key.firstIndex(of: sparseSeparator).map { String(key[..<$0]) } ?? key
    }

    /// Whether provinces divide the cluster at all.
    public var isDivided: Bool { province != nil }

    /// The province of node `id`, nil when the directory cannot place it.
    public func province(ofNode id: String) -> ProvinceCode? {
        directory.province(ofCentre: id)
    }

    /// Whether an event may name centre `id` (filed for, competent, transferred to): always
    /// on a node not divided; on a divided one only once a certificate placed it, since its
    /// province would be missing from the event's tags.
    public func mayName(centre id: String) -> Bool {
        !isDivided || province(ofNode: id) != nil
    }

    /// The centres a node may name, from `standings` (every member, retired ones with their
    /// successors): those it has placed (`mayName`), each with its province when divided.
    /// What a node's service and the simulator's clerks decide with.
    /// Nil `standings` (the members are not known yet, a node starting): any centre's name
    /// passes, but the provinces of those placed still decide what may cross them.
    public func centreDirectory(_ standings: [String: CentreDirectory.Standing]?) -> CentreDirectory {
        let named = standings?.filter { mayName(centre: $0.key) }
        guard isDivided else { return CentreDirectory(standings: named) }
        let centres = named.map { Array($0.keys) } ?? Array(directory.certifiedProvinces.keys)
        return CentreDirectory(standings: named, provinces: centres.reduce(into: [:]) { $0[$1] = province(ofNode: $1) })
    }

    /// Whether `peer` holds the streams this node holds, under the same keys.
    public func sharesStreams(with peer: String) -> Bool {
        guard let province else { return true }
        return self.province(ofNode: peer) == province
    }

    /// Whether this node holds every event of `origin` (its dense stream).
    public func holdsDensely(_ origin: String) -> Bool {
        sharesStreams(with: origin)
    }

    /// The keys, in this node's vector, of the streams `event` is held in here: its origin's
    /// dense stream, or one sparse stream per tag of a province that is this node's now.
    public func keys(of event: ChangeEvent) -> [String] {
        guard let province, !holdsDensely(event.origin) else { return [event.origin] }
        return sparseKeys(of: event, inProvince: province)
    }

    /// The keys of the streams `event` extends, given each stream's head (`head`): its
    /// origin's dense stream (whose events are stored in order), or each sparse stream of a
    /// followed tag whose previous event the head has reached. An event tagged with two
    /// followed tags may extend one stream and follow a gap in the other: only the first
    /// advances, or the node would claim the events in the gap.
    public func keys(extendedBy event: ChangeEvent, heads head: (String) -> Int64) -> [String] {
        guard let province, !holdsDensely(event.origin) else { return [event.origin] }
        return event.tags.compactMap { tag in
            let key = Self.sparseKey(origin: event.origin, province: tag.province)
            return directory.resolve(tag.province) == province && tag.previousSequence <= head(key) ? key : nil
        }
    }

    /// The keys of the sparse streams `event` is in at a node of `province` (another
    /// province than its origin's): one per tag that is `province` now.
    public func sparseKeys(of event: ChangeEvent, inProvince province: ProvinceCode) -> [String] {
        event.tags.filter { directory.resolve($0.province) == province }.map {
            Self.sparseKey(origin: event.origin, province: $0.province)
        }
    }

    /// Whether this node holds `event` in one of its streams (`keys(of:)` not empty), without
    /// building the keys: asked of every received event.
    public func follows(_ event: ChangeEvent) -> Bool {
        guard let province, !holdsDensely(event.origin) else { return true }
        return event.tags.contains { directory.resolve($0.province) == province }
    }

    /// The keys of the streams of `origin`'s events this node holds: its dense stream, or
    /// its sparse stream of each tag this node follows (`heldTags`).
    public func keys(of origin: String) -> [String] {
        guard isDivided, !holdsDensely(origin) else { return [origin] }
        return heldTags.map { Self.sparseKey(origin: origin, province: $0) }
    }

    /// The province tag a sparse stream's key names; nil for a dense stream's key.
    public static func tag(ofKey key: String) -> ProvinceCode? {
        key.firstIndex(of: sparseSeparator).flatMap { ProvinceCode(String(key[key.index(after: $0)...])) }
    }

    /// Whether `key` names a stream this node holds now. A sparse key of an origin held
    /// densely since a merger is not: the dense stream holds its events, and the key would
    /// only make peers send them again.
    public func holds(key: String) -> Bool {
        guard let province else { return true }
        // A dense stream of an origin placed in another province (held whole before this node
        // was divided, as a node of 00 holds everything) is not this node's to hold either.
        guard key.contains(Self.sparseSeparator) else { return self.province(ofNode: key).map { $0 == province } ?? true }
        guard let tag = Self.tag(ofKey: key) else { return false }
        return directory.resolve(tag) == province && !holdsDensely(Self.origin(ofKey: key))
    }

    /// `vector` without the keys this node no longer holds (`holds(key:)`).
    /// Called with every apply and every peer's vector: scans the heads once, unsorted.
    public func held(_ vector: VersionVector) -> VersionVector {
        guard isDivided, vector.heads.keys.contains(where: { !holds(key: $0) }) else { return vector }
        return VersionVector(vector.heads.filter { holds(key: $0.key) })
    }

    /// Whether a node of `province` may be given `event`: it is tagged with that province
    /// (an untagged event, written before tags, belongs to its origin's province alone).
    public func mayReceive(_ event: ChangeEvent, inProvince province: ProvinceCode) -> Bool {
        guard !event.tags.isEmpty else { return self.province(ofNode: event.origin) == province }
        return event.tags.contains { directory.resolve($0.province) == province }
    }
}
