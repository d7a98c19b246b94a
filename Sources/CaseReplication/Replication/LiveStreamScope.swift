import CaseCore
import Synchronization

/// A running node's `StreamScope`, as its directory of provinces grows.
///
/// A real node learns where centres belong from the node certificates the root signed:
/// its own, those its peers prove in handshakes, and those that come with their events
/// (docs/design/provinces.md, "Who belongs where"). It learns them while it runs, so
/// its store and its replication core read the scope here, and each certificate is taken
/// in before anything keyed by it: a batch's certificates are kept before its events are.
/// A centre's certified province never changes (a move is a new identity), so what a node
/// learns only ever places more centres. A province merger the root signed
/// (`learn(merges:)`) makes more origins and tags this node's; no stream changes its key.
///
/// A node without provinces (`StreamScope.single`) ignores what it is told.
public final class LiveStreamScope: Sendable {
    private let state: Mutex<Versioned>

    /// The scope and how many times it changed since it was made.
    public struct Versioned: Sendable {
        public var scope: StreamScope
        public var version: Int
    }

    public init(_ scope: StreamScope) {
        state = Mutex(Versioned(scope: scope, version: 0))
    }

    /// The scope now.
    public var current: StreamScope { state.withLock { $0.scope } }

    /// The scope now and its version, so a reader can tell whether it changed since it last looked.
    public var versioned: Versioned { state.withLock { $0 } }

    /// Places the centres of `certificates`, node certificates the caller verified against
    /// the root. Returns whether any centre's province changed.
    @discardableResult
    public func learn(_ certificates: [Certificate]) -> Bool {
        state.withLock { state in
            guard let province = state.scope.certifiedProvince else { return false }
            var directory = state.scope.directory
            var changed = false
            for certificate in certificates {
                let before = directory.province(ofCentre: certificate.subject)
                directory.add(certificate)
                changed = changed || directory.province(ofCentre: certificate.subject) != before
            }
            guard changed else { return false }
            state.scope = StreamScope(province: province, directory: directory)
            state.version += 1
            return true
        }
    }

    /// Takes in province mergers the caller verified against the root. Returns whether
    /// the directory changed (a merger already held, or one that would go round in a
    /// circle, changes nothing).
    @discardableResult
    public func learn(merges: [ProvinceMerge]) -> Bool {
        state.withLock { state in
            guard state.scope.certifiedProvince != nil else { return false }
            var scope = state.scope
            for merge in merges { scope = scope.adding(merge) }
            guard scope.directory != state.scope.directory else { return false }
            state.scope = scope
            state.version += 1
            return true
        }
    }
}
