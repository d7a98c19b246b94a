extension InMemoryReplicaLog {
    /// Deliberate defects a test can switch on to prove that the simulation's
    /// checkers catch a broken store (a checker that never fails proves nothing).
    public struct Faults: OptionSet, Sendable {
        public let rawValue: UInt8

        /// A set of faults from its bits (see the static members).
        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        /// `apply` stores received events but does not advance the version
        /// vector: the node keeps reporting that it lacks what it holds.
        public static let skipVersionVectorUpdate = Faults(rawValue: 1 << 0)
        /// Events are stored but dossiers are not folded again: derived state
        /// (and so the digest) goes stale.
        public static let skipRefold = Faults(rawValue: 1 << 1)
        /// With provinces, `apply` stores another province's origin's events without
        /// checking their stream: what is not tagged with its own province too, as a log
        /// that ignored tags would hold other provinces' dossiers.
        public static let ignoreProvinceTags = Faults(rawValue: 1 << 2)
    }
}
