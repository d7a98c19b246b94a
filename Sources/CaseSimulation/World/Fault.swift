import CaseCore
/// One fault (or the end of one) that the simulation injects at a planned time.
public enum Fault: Sendable, Equatable, CustomStringConvertible {
    /// Cuts both directions between `side` and `rest` (halves, or one node isolated).
    case partition(side: [String], rest: [String])
    /// Cuts only what `from` sends to `to`: `to` still reaches `from`.
    case cutOneWay(from: [String], to: [String])
    /// Restores every link.
    case healPartitions
    /// Crashes the node if it is up.
    case crash(String)
    /// Restarts the node if it is down.
    case restart(String)
    /// Not a fault but an admin's act planned with them: the cluster root merges province
    /// `from` into `into` (`Simulation.mergeProvince`), at a node of `into` that is up.
    case mergeProvince(from: ProvinceCode, into: ProvinceCode)

    public var description: String {
        switch self {
        case .partition(let side, let rest): return "partition \(side.joined(separator: ","))|\(rest.joined(separator: ","))"
        case .cutOneWay(let from, let to): return "cut \(from.joined(separator: ","))→\(to.joined(separator: ","))"
        case .healPartitions: return "heal links"
        case .crash(let node): return "crash \(node)"
        case .restart(let node): return "restart \(node)"
        case .mergeProvince(let from, let into): return "merge province \(from) into \(into)"
        }
    }
}

/// A fault at a simulated time.
public struct TimedFault: Sendable, Equatable, CustomStringConvertible {
    /// Virtual time at which it is injected.
    public var atMs: Int64
    public var fault: Fault

    /// `fault` at virtual time `atMs`.
    public init(atMs: Int64, _ fault: Fault) {
        self.atMs = atMs
        self.fault = fault
    }

    public var description: String { "t=\(atMs) \(fault)" }
}
