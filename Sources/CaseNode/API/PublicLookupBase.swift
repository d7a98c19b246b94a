import Synchronization

/// Where the receipt's QR code sends citizens (`<base>/tra-cuu?ma=CODE`). Known for certain
/// only once the HTTP port is bound (port 0 picks one), so the runtime sets it at start.
public final class PublicLookupBase: Sendable {
    private let value: Mutex<String>

    public init(_ initial: String) {
        value = Mutex(initial)
    }

    public var current: String { value.withLock { $0 } }

    public func set(_ base: String) {
        value.withLock { $0 = base }
    }
}
