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
public struct StreamScope: Sendable {
    /// This node's province; nil when the cluster has none (one key space).
    public let province: ProvinceCode?
    /// Which province each node (centre) belongs to.
    public let directory: ProvinceDirectory

    /// One key space: every node holds every stream.
    public static let single = StreamScope(province: nil, directory: ProvinceDirectory())

    public init(province: ProvinceCode?, directory: ProvinceDirectory) {
        self.province = province
        self.directory = directory
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

    /// Whether `peer` holds the streams this node holds, under the same keys.
    public func sharesStreams(with peer: String) -> Bool {
        guard let province else { return true }
        return self.province(ofNode: peer) == province
    }

    /// Whether this node holds every event of `origin` (its dense stream).
    public func holdsDensely(_ origin: String) -> Bool {
        sharesStreams(with: origin)
    }

    /// The key, in this node's vector, of the stream `event` is held in here.
    public func key(of event: ChangeEvent) -> String {
        key(of: event.origin)
    }

    /// The key of the stream of `origin`'s events this node holds.
    public func key(of origin: String) -> String {
        guard let province, !holdsDensely(origin) else { return origin }
        return Self.sparseKey(origin: origin, province: province)
    }

    /// Whether a node of `province` may be given `event`: it is tagged with that province
    /// (an untagged event, written before tags, belongs to its origin's province alone).
    public func mayReceive(_ event: ChangeEvent, inProvince province: ProvinceCode) -> Bool {
        guard !event.tags.isEmpty else { return self.province(ofNode: event.origin) == province }
        return event.tags.contains { directory.resolve($0.province) == province }
    }
}
