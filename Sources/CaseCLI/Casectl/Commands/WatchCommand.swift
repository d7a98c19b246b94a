import CaseArguments
import Foundation
import CaseSupport

/// `casectl watch [--interval SECONDS]`: `casectl status` refreshing in place until Ctrl-C.
///
/// Each refresh clears the terminal (ANSI "home" and "erase display") and prints the status
/// table. A refresh that cannot reach the node says so and the next one tries again: a node
/// restarting is exactly what an admin watches for. With `--json` each refresh is one line of
/// JSON (the `status --json` document) and nothing clears the screen, for scripts.
/// `--iterations N` (for tests and scripts) stops after N refreshes, exiting as the last one did.
enum WatchCommand {
    static let spec = CommandSpec(
        name: "watch",
        summary: "Show 'casectl status', refreshing in place until Ctrl-C.",
        discussion: """
            Every refresh asks the cluster again, as 'casectl status' does, and redraws the \
            screen. When the node cannot be reached the screen says so and the next refresh tries \
            again. With --json every refresh prints one line of JSON instead (no screen control), \
            for scripts. --iterations is for tests and scripts: stop after N refreshes, exiting 0 \
            if the last one reached the node and 1 if not.
            """,
        options: [
            .value("interval", "SECONDS", help: "Seconds between refreshes (0.1-3600).", default: "2"),
            .value("iterations", "N", help: "For tests and scripts: stop after N refreshes.", default: "until Ctrl-C"),
        ],
        examples: ["casectl watch", "casectl watch --interval 5", "casectl watch --json --iterations 3"])

    /// ANSI: cursor home, then erase the whole display.
    static let clearScreen = "\u{1B}[H\u{1B}[2J"
    /// Faster than ten times a second only loads the cluster; slower than an hour is not watching.
    static let intervalRange = 0.1...3_600.0
    /// A bound so a typo cannot ask for a practically endless run; a million refreshes is weeks.
    static let maxIterations = 1_000_000

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession, sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws {
        let interval = try intervalSeconds(arguments.value("interval"))
        let iterations = try iterationCount(arguments.value("iterations"))
        var refresh = 0
        var lastFailure: (any Error)?
        while iterations.map({ refresh < $0 }) ?? true {
            if refresh > 0 { sleep(interval) }
            refresh += 1
            do {
                let report = StatusCommand.json(ClusterPicture(try ClusterSurvey.take(from: session.client)))
                lastFailure = nil
                session.output.standard(session.json ? JSONWriter.string(report) : frame(StatusCommand.render(report), interval: interval, refresh: refresh))
            } catch {
                lastFailure = error
                let isLast = iterations.map { refresh >= $0 } ?? false
                if session.json {
                    // The last failure is thrown, and casectl prints it once.
                    if !isLast { session.output.error("casectl watch: \(error)") }
                } else {
                    session.output.standard(frame("Cannot reach \(session.client.baseURL): \(error)", interval: interval, refresh: refresh))
                }
            }
        }
        if let lastFailure { throw lastFailure }
    }

    /// One screenful: clear, the text, and a line saying how it refreshes.
    static func frame(_ text: String, interval: Double, refresh: Int) -> String {
        let every = interval == interval.rounded() ? String(Int(interval)) : String(interval)
        return clearScreen + text + "\n\nRefresh \(refresh), every \(every)s; Ctrl-C to stop."
    }

    static func intervalSeconds(_ text: String?) throws -> Double {
        guard let text else { return 2 }
        guard let seconds = Double(text), intervalRange.contains(seconds) else {
            throw CasectlUsageError(message: "--interval must be a number of seconds from 0.1 to 3600, got '\(text)'")
        }
        return seconds
    }

    static func iterationCount(_ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let count = Int(text), (1...maxIterations).contains(count) else {
            throw CasectlUsageError(message: "--iterations must be a whole number from 1 to \(maxIterations), got '\(text)'")
        }
        return count
    }
}
