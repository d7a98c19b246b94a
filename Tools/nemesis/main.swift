import FaultHarness
import Foundation
import CaseSystem
import NodeLauncher

/// nemesis: a Jepsen-style run against a real casenode cluster behind fault
/// proxies. Prints its figures and one `N passed, N failed` line; exits 1 when
/// any check failed (the history and node logs are then saved), 2 on a usage
/// error, 3 when the harness itself could not run.
let usage = """
    usage: nemesis [--short] [--duration SECONDS] [--seed N] [--nodes 5] [--clients 4] [--results DIR] [--casenode PATH] [--converge-seconds 120]
      --short     the CI mode: fixed seed 1 unless --seed is given, short faults, every fault kind once
      --duration  how long faults are injected (default 300; 10 to 86400)
      --seed      the schedule's seed (default 1): the same seed gives the same faults
      --results   where a failed run's history and logs go (default ./nemesis-results)
      --casenode  the casenode to run (default: next to this executable, else from 'swift build --show-bin-path')
      --converge-seconds  how long the nodes may take to agree after the heal (default 120; 10 to 3600)
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("nemesis: \(message)\n\(usage)\n".utf8))
    exit(2)
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data("\(line)\n".utf8))
}

var short = false
var duration: Int?
var seed: UInt64 = 1
var nodes = 5
var clients = 4
var results = "nemesis-results"
var casenodePath: String?
var convergeSeconds: Int?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    if flag == "--short" { short = true; continue }
    if flag == "--help" || flag == "-h" { say(usage); exit(0) }
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--duration":
        guard let number = Int(value), NemesisOptions.durationRange.contains(number) else { fail("--duration must be \(NemesisOptions.durationRange) seconds") }
        duration = number
    case "--seed":
        guard let number = UInt64(value) else { fail("--seed must be a non-negative integer") }
        seed = number
    case "--nodes":
        guard let number = Int(value), NemesisOptions.nodeRange.contains(number) else { fail("--nodes must be in \(NemesisOptions.nodeRange)") }
        nodes = number
    case "--clients":
        guard let number = Int(value), NemesisOptions.clientRange.contains(number) else { fail("--clients must be in \(NemesisOptions.clientRange)") }
        clients = number
    case "--results": results = value
    case "--casenode": casenodePath = value
    case "--converge-seconds":
        guard let number = Int(value), NemesisOptions.convergenceSecondsRange.contains(number) else {
            fail("--converge-seconds must be \(NemesisOptions.convergenceSecondsRange) seconds")
        }
        convergeSeconds = number
    default: fail("unknown option \(flag)")
    }
}

signal(SIGPIPE, SIG_IGN)
var options = short
    ? NemesisOptions.short(seed: seed, resultsDirectory: results)
    : NemesisOptions(durationSeconds: duration ?? 300, seed: seed, resultsDirectory: results)
if short, let duration { options.durationSeconds = duration }
options.nodeCount = nodes
options.clientCount = clients
if let convergeSeconds { options.convergenceTimeoutMs = convergeSeconds * 1_000 }

do {
    let binary = try casenodePath.map { try CasenodeBinary(path: $0) } ?? CasenodeBinary.locate(nextTo: CommandLine.arguments[0])
    let outcome = try NemesisRunner(options: options, binary: binary, log: say).run()
    say(outcome.report.text)
    exit(outcome.report.passed ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("nemesis: \(error)\n".utf8))
    exit(3)
}
