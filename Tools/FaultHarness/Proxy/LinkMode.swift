/// What a fault proxy does with the traffic of one directed link.
///
/// A link is "sender → receiver": the proxy stands in front of the receiver,
/// and the sender is known from the hello that opens every peer connection.
public enum LinkMode: Equatable, Sendable, CustomStringConvertible {
    /// Forward everything as it comes.
    case pass
    /// Hold every chunk `ms` milliseconds before forwarding it (both directions).
    case delay(ms: Int)
    /// Accept connections and read what arrives, but forward nothing, either
    /// way: the sender sees a link that swallows its bytes until it times out.
    case blackHole
    /// Close new connections as soon as the sender is known.
    case refuse

    /// The longest delay accepted: one minute is far longer than any failure
    /// timeout, so a longer delay would only be a slower black hole.
    public static let maxDelayMs = 60_000

    /// Whether bytes are forwarded (perhaps late) in this mode.
    public var forwards: Bool {
        switch self {
        case .pass, .delay: return true
        case .blackHole, .refuse: return false
        }
    }

    public var description: String {
        switch self {
        case .pass: return "pass"
        case .delay(let ms): return "delay \(ms)"
        case .blackHole: return "blackhole"
        case .refuse: return "refuse"
        }
    }
}
