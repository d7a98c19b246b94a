/// A seeded sequence of faults, one at a time with quiet gaps between, so
/// each fault's effect is visible on its own and the run can be replayed.
///
/// The schedule starts with every fault kind once, in a seeded order, so any
/// run long enough for one round (see `minimumRoundMs`) exercises them all;
/// after that kinds are drawn at random.
public struct FaultSchedule: Equatable, Sendable {
    public let events: [FaultEvent]

    /// Most events in a schedule: a 30-minute soak needs a few hundred; the
    /// bound keeps a mistaken `--duration` from planning without end.
    public static let maxEvents = 10_000

    /// How long faults last and the gaps between them, in milliseconds.
    public struct Timing: Equatable, Sendable {
        public var faultMs: ClosedRange<Int>
        public var gapMs: ClosedRange<Int>
        /// A SIGSTOP must outlast the failure timeout so peers declare the node dead.
        public var pauseMs: ClosedRange<Int>

        public init(faultMs: ClosedRange<Int>, gapMs: ClosedRange<Int>, pauseMs: ClosedRange<Int>) {
            self.faultMs = faultMs
            self.gapMs = gapMs
            self.pauseMs = pauseMs
        }

        /// Short faults for CI: long enough for the cluster to notice
        /// (failure timeout about 1.2 s with the harness's 300 ms probes).
        public static let short = Timing(faultMs: 2_000...4_000, gapMs: 1_000...2_000, pauseMs: 3_000...4_000)
        /// Longer faults for soaks: several failure timeouts and sync rounds.
        public static let soak = Timing(faultMs: 3_000...15_000, gapMs: 2_000...8_000, pauseMs: 3_000...10_000)
    }

    /// A schedule for `nodes` (at least 3) filling `durationMs`.
    public init(seed: UInt64, nodes: [String], durationMs: Int, timing: Timing) {
        precondition(nodes.count >= 3, "a partition needs at least 3 nodes, got \(nodes.count)")
        var random = SeededRandom(seed: seed)
        var events: [FaultEvent] = []
        var kinds = FaultKind.allCases.shuffled(using: &random)
        var at = Int.random(in: timing.gapMs, using: &random)
        while events.count < Self.maxEvents {
            let kind = kinds.isEmpty ? FaultKind.allCases.randomElement(using: &random)! : kinds.removeFirst()
            let duration = Int.random(in: kind == .pause ? timing.pauseMs : timing.faultMs, using: &random)
            guard at + duration <= durationMs else { break }
            var event = Self.event(kind, at: at, durationMs: duration, nodes: nodes, random: &random)
            if kind.isPartition {
                // Alternate the cut, so black holes and refused connections both occur.
                event.amountMs = events.filter(\.kind.isPartition).count % 2
            }
            events.append(event)
            at += duration + Int.random(in: timing.gapMs, using: &random)
        }
        self.events = events
    }

    /// The time one round of every kind takes at most, for choosing a
    /// duration that exercises them all.
    public static func minimumRoundMs(_ timing: Timing) -> Int {
        FaultKind.allCases.count * (max(timing.faultMs.upperBound, timing.pauseMs.upperBound) + timing.gapMs.upperBound)
            + timing.gapMs.upperBound
    }

    private static func event(
        _ kind: FaultKind, at startMs: Int, durationMs: Int, nodes: [String], random: inout SeededRandom
    ) -> FaultEvent {
        let shuffled = nodes.shuffled(using: &random)
        let targets: [String]
        var amountMs = 0
        switch kind {
        case .partitionHalves, .partitionOneWay:
            targets = Array(shuffled.prefix(nodes.count / 2))
        case .partitionIsolated, .kill, .pause, .diskFull:
            targets = [shuffled[0]]
        case .partitionBridge, .partitionRing:
            targets = shuffled
        case .clockOffset:
            targets = [shuffled[0]]
            // Minutes either way: well beyond NTP error, within a working day.
            amountMs = Int.random(in: 60_000...600_000, using: &random) * (Bool.random(using: &random) ? 1 : -1)
        case .linkDelay:
            targets = Array(shuffled.prefix(Int.random(in: 1...2, using: &random)))
            amountMs = Int.random(in: 50...500, using: &random)
        case .connectionReset:
            targets = Array(shuffled.prefix(Int.random(in: 1...nodes.count, using: &random)))
        }
        return FaultEvent(kind: kind, startMs: startMs, durationMs: durationMs, nodes: targets, amountMs: amountMs)
    }
}
