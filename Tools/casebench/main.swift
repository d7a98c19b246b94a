import Bench
import Foundation
import CaseSystem

// casebench: the benchmarks of issue 7. See BENCHMARKS.md for the latest results.
let usage = """
    usage: swift run -c release casebench quick|full [--casenode PATH] [--data-dir DIR] [--no-postgres]
           swift run -c release casebench postgres [--quick|--full] [--data-dir DIR]
           swift run -c release casebench simulate [--idle-rounds R] [--protocol-version V] N [N ...]
           swift run -c release casebench provinces [--scale F] [--filings N] [--write]
           swift run -c release casebench report
           swift run -c release casebench replication [--quick|--full] [--casenode PATH] [--data-dir DIR]
           swift run -c release casebench filing [--quick|--full] [--casenode PATH] [--data-dir DIR]
           swift run -c release casebench catch-up [--quick|--full [--write]] [--filings N] [--dossiers N] [--repeat N] [--uncertified-bootstrap]
                                                   [--profile] [--casenode PATH] [--data-dir DIR]
           swift run -c release casebench apply [FILINGS [BATCH]] [--cpu]

      quick   limits probe, filing at 1/8/32 clients, replication on 3 nodes, PostgreSQL side by side,
              simulation up to 300 nodes (under 5 minutes)
      full    larger counts, 1-32 clients, replication on 3 and 5 nodes, PostgreSQL, simulation up to
              3,321 nodes, bootstrap of 1,000,000 dossiers, the nation in provinces (about an hour on
              2 cores, of which the nation alone took 37 minutes and 8.1 GB of memory on a busy
              machine, and 30 GB of free disk)
      provinces    the nation simulated: 34 provinces of the 2025 shape (3,321 nodes; --scale 0.1 for a
                   tenth), rounds for a filing to reach a centre of another province, storage per node
                   against full replication after N filings (default 2,000, 5% crossing) filed while two
                   provinces are cut apart and a third split, checks after the heal, idle cost; printed,
                   and with --write (full size only) merged into latest.json as full's provinces section
                   (about 37 minutes on 2 cores)
      apply        the replication apply pipeline in one process (read, encode, decode, apply), per event;
               --cpu times each step by the thread's CPU clock instead of the wall clock, to compare
               changes on a busy machine (waits for the disk are then not counted)
      catch-up     only the catch-up and bootstrap of the replication benchmarks, printed (nothing written;
                   with --full a 1,000,000-dossier bootstrap: about 25 minutes and 30 GB of free disk).
                   Both run on certified nodes, checking signed events on receipt, as in production;
                   --uncertified-bootstrap runs the bootstrap without a root key, to compare;
                   --profile samples the catching-up and the bootstrapping node with perf and prints
                   where their CPU went (perf itself then takes about a core: the rates are not
                   comparable with runs without it); --full --write puts the figures in latest.json in
                   place of the full suite's catch-up and bootstrap and renders BENCHMARKS.md again;
                   --filings N (missed filings to catch up, 1 to 1,000,000) and --dossiers N (dossiers to
                   bootstrap, 0 to skip it, up to 2,000,000) replace the suite's counts, for comparing
                   changes at a size between quick's and full's; --repeat N times the catch-up and the
                   bootstrap N times from the same start and reports the medians (full: 3, quick: 1;
                   these three print only: not with --write); after the timed catch-ups, one more
                   from the same start with a clerk filing 20 a second at the catching-up node reports
                   a filing's latency then and once caught up
      replication  only the local-cluster replication benchmarks of the quick (default) or full suite;
              replaces that section of latest.json and renders BENCHMARKS.md again
      filing       only the disk's ceilings, filing on one node (1-32 clients) and the apply pipeline
              (with signing's and a lookup PIN hash's cost) of the quick (default) or full suite;
              replaces those sections of latest.json and renders BENCHMARKS.md again (minutes)
      postgres     only PostgreSQL with a streaming standby (pgbench), merged into latest.json
      --no-postgres  leaves PostgreSQL out of quick or full

    Writes Tools/bench-results/<UTC timestamp>.json and latest.json, BENCHMARKS.md and docs/bench/*.svg
    in the repository (the current directory or a parent holding Package.swift).
    --casenode   the casenode to benchmark (default: the one next to casebench, built with
                 'swift build -c release --product casenode' if missing)
    --data-dir   where node data and the probe database go (default: a new temporary directory;
                 it decides which disk is measured)
    --no-postgres  skip PostgreSQL side by side (it installs PostgreSQL with apt-get when root and missing)
    postgres     only PostgreSQL side by side (~10 s a run with --quick, ~30 s with --full), merged into
                 Tools/bench-results/latest.json; the report compares it with that run's casestore figures
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("casebench: \(message)\n".utf8))
    exit(2)
}

/// Runs a part that writes its own results file and latest.json, removes the data directory
/// casebench made for it (`removing`), says what it wrote and exits.
func runPart(removing directory: String?, _ body: () throws -> String) -> Never {
    do {
        let path = try body()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        print("wrote \(path), latest.json, BENCHMARKS.md and docs/bench/*.svg")
    } catch {
        fail("\(error)")
    }
    exit(0)
}

var arguments = Array(CommandLine.arguments.dropFirst())
// `casebench report`: BENCHMARKS.md and the charts again from Tools/bench-results/latest.json (after a report change).
if arguments.first == "report" {
    guard let root = RepositoryLocator.root(from: FileManager.default.currentDirectoryPath) else { fail("no Package.swift here or above") }
    do {
        let results = try ResultsFile.read(path: root + "/Tools/bench-results/latest.json")
        try BenchRunner(suite: .quick, repositoryRoot: root, casenode: "", dataRoot: "", log: { _ in }).writeReport(results)
        print("wrote BENCHMARKS.md and docs/bench/*.svg from Tools/bench-results/latest.json")
    } catch {
        fail("\(error)")
    }
    exit(0)
}
// `casebench simulate [--idle-rounds R] [--protocol-version V] N...`: only the scale simulation at the
// given sizes, printed (nothing written). The idle cost is averaged over R rounds (20 by default; the
// full suite's 90 spans three member-list exchanges, so a window does not catch one by luck), last with
// vectors of 170 origins (the largest province). --protocol-version makes every session speak V, to
// measure the cost before a version's change in the same binary (5: pulls with whole vectors).
if arguments.first == "simulate" {
    var rest = Array(arguments.dropFirst())
    var idleRounds = 20
    if let flag = rest.firstIndex(of: "--idle-rounds") {
        guard flag + 1 < rest.count, let rounds = Int(rest[flag + 1]), (1...10_000).contains(rounds) else {
            fail("--idle-rounds takes a number of rounds from 1 to 10,000")
        }
        idleRounds = rounds
        rest.removeSubrange(flag...flag + 1)
    }
    var protocolVersion: UInt16?
    if let flag = rest.firstIndex(of: "--protocol-version") {
        guard flag + 1 < rest.count, let version = UInt16(rest[flag + 1]), ScaleSimulation.protocolVersions.contains(version) else {
            fail("--protocol-version takes a version this build speaks: \(ScaleSimulation.protocolVersions)")
        }
        protocolVersion = version
        rest.removeSubrange(flag...flag + 1)
    }
    let sizes = rest.compactMap { Int($0) }
    var simulation = ScaleSimulation(sizes: sizes, extraDossiers: 200, maxNodesForDossierCost: 1_000, idleRounds: idleRounds) { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
    simulation.vectorOrigins = 169
    simulation.protocolVersion = protocolVersion
    do {
        _ = try simulation.run()
    } catch {
        fail("\(error)")
    }
    exit(0)
}
// `casebench provinces [--scale F] [--filings N] [--write]`: the nation simulated in provinces, printed;
// with --write also merged into latest.json and BENCHMARKS.md (`ProvincesCommand`).
if arguments.first == "provinces" {
    /// The word after `flag`, when the flag is given (nil if it is not; "" if nothing follows).
    func value(after flag: String) -> String? {
        arguments.firstIndex(of: flag).map { $0 + 1 < arguments.count ? arguments[$0 + 1] : "" }
    }
    let scale = value(after: "--scale").map { Double($0) } ?? 1
    let filings = value(after: "--filings").map { Int($0) } ?? 2_000
    guard let scale, scale > 0, scale <= 1, let filings, (0...100_000).contains(filings) else {
        fail("provinces: --scale takes a fraction in (0, 1], --filings a count up to 100,000")
    }
    let printLine: @Sendable (String) -> Void = { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    if arguments.contains("--write") {
        // BENCHMARKS.md reports the nation: a scaled run is printed only.
        guard scale == 1 else { fail("provinces: --write takes the full-size run only (no --scale)") }
        guard let root = RepositoryLocator.root(from: FileManager.default.currentDirectoryPath) else { fail("no Package.swift here or above") }
        do {
            let path = try ProvincesCommand.run(scale: scale, filings: filings, repositoryRoot: root, log: printLine)
            printLine("wrote \(path), latest.json, BENCHMARKS.md and docs/bench/*.svg")
        } catch {
            fail("\(error)")
        }
        exit(0)
    }
    let simulation = ProvinceScaleSimulation(
        sizes: ProvinceScaleSimulation.nation(scaledBy: scale), crossFilings: 34, filings: filings, idleRounds: BenchSuite.full.idleRounds,
        log: printLine)
    do {
        _ = try simulation.run()
    } catch {
        fail("\(error)")
    }
    exit(0)
}
// `casebench apply [N]`: the replication apply pipeline in one process, timed per step, printed (nothing written).
if arguments.first == "apply" {
    let onCPU = arguments.contains("--cpu")
    arguments.removeAll { $0 == "--cpu" }
    let count = arguments.count > 1 ? Int(arguments[1]) : ApplyPipelineBenchmark.defaultFilings
    let batch = arguments.count > 2 ? Int(arguments[2]) : ApplyPipelineBenchmark.defaultBatchEvents
    guard let count, (1...ApplyPipelineBenchmark.maxFilings).contains(count), let batch, (1...5_000).contains(batch) else {
        fail("apply takes a count of 1 to \(ApplyPipelineBenchmark.maxFilings) filings and a batch size of 1 to 5,000 events")
    }
    let directory = NSTemporaryDirectory() + "casebench-apply-\(UUID().uuidString)"
    let result = Result { try ApplyPipelineBenchmark(directory: directory, filings: count, batchEvents: batch, onCPU: onCPU).run() }
    // Removed here, not in a defer: exit() below never returns, so a defer never ran and each run left its directory.
    try? FileManager.default.removeItem(atPath: directory)
    switch result {
    case .success(let result): print(result.summary)
    case .failure(let error): fail("\(error)")
    }
    exit(0)
}
// `casebench catch-up [--quick|--full]`: only catch-up and bootstrap on a fresh cluster, printed (nothing written).
let catchUpOnly = arguments.first == "catch-up"
if catchUpOnly {
    arguments[0] = "replication"
}
// `casebench postgres|replication|filing [--quick|--full]`: one part only, merged into latest.json.
let postgresOnly = arguments.first == "postgres"
let replicationOnly = arguments.first == "replication"
let filingOnly = arguments.first == "filing"
if postgresOnly || replicationOnly || filingOnly {
    arguments[0] = arguments.contains("--full") ? "full" : "quick"
    arguments.removeAll { $0 == "--quick" || $0 == "--full" }
}
guard let suiteName = arguments.first, let suite = BenchSuite.named(suiteName) else { fail(usage) }
arguments.removeFirst()
// A comparison only: the suites record the bootstrap as production runs it, certified.
let uncertifiedBootstrap = arguments.contains("--uncertified-bootstrap")
arguments.removeAll { $0 == "--uncertified-bootstrap" }
if uncertifiedBootstrap && !catchUpOnly { fail("--uncertified-bootstrap goes with catch-up only\n\(usage)") }
let profilesCatchUp = arguments.contains("--profile")
arguments.removeAll { $0 == "--profile" }
if profilesCatchUp && !catchUpOnly { fail("--profile goes with catch-up only\n\(usage)") }
let writesCatchUp = arguments.contains("--write")
arguments.removeAll { $0 == "--write" }
if writesCatchUp && !(catchUpOnly && suiteName == "full") { fail("--write goes with catch-up --full only: the targets are the full counts'\n\(usage)") }
if writesCatchUp && (profilesCatchUp || uncertifiedBootstrap) { fail("--write records production's figures: without --profile or --uncertified-bootstrap\n\(usage)") }
/// The count after `flag` (removed from the arguments with it), nil when the flag is not given.
@MainActor func count(after flag: String, in range: ClosedRange<Int>) -> Int? {
    guard let position = arguments.firstIndex(of: flag) else { return nil }
    guard position + 1 < arguments.count, let count = Int(arguments[position + 1]), range.contains(count) else {
        fail("\(flag) takes a count from \(range.lowerBound) to \(range.upperBound)\n\(usage)")
    }
    arguments.removeSubrange(position...position + 1)
    return count
}
// Replace the suite's counts: 100,000 missed filings and no bootstrap, say, compares two builds' catch-up in minutes.
let catchUpFilings = count(after: "--filings", in: 1...1_000_000)
let bootstrapDossiers = count(after: "--dossiers", in: 0...2_000_000)
let repeats = count(after: "--repeat", in: 1...20)
let resizesCatchUp = catchUpFilings != nil || bootstrapDossiers != nil || repeats != nil
if resizesCatchUp && !catchUpOnly { fail("--filings, --dossiers and --repeat go with catch-up only\n\(usage)") }
if resizesCatchUp && writesCatchUp { fail("--write records the suite's own counts, one run: without --filings, --dossiers or --repeat\n\(usage)") }
let includesPostgres = !arguments.contains("--no-postgres")
arguments.removeAll { $0 == "--no-postgres" }
var casenodePath: String?
var dataDirectory: String?
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    guard !arguments.isEmpty else { fail("\(flag) needs a value\n\(usage)") }
    switch flag {
    case "--casenode": casenodePath = arguments.removeFirst()
    case "--data-dir": dataDirectory = arguments.removeFirst()
    default: fail("unknown option \(flag)\n\(usage)")
    }
}

guard let root = RepositoryLocator.root(from: FileManager.default.currentDirectoryPath) else {
    fail("run casebench from the casestore repository (no Package.swift here or above)")
}
let casenode: String
do {
    casenode = postgresOnly ? "" : try casenodePath ?? RepositoryLocator.releaseCasenode(nextTo: CommandLine.arguments[0], root: root)
} catch {
    fail("\(error)")
}
let ownsDataDirectory = dataDirectory == nil
let dataRoot = dataDirectory ?? NSTemporaryDirectory() + "casebench-\(UUID().uuidString)"
var runner = BenchRunner(suite: suite, repositoryRoot: root, casenode: casenode, dataRoot: dataRoot) { line in
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
runner.includesPostgres = includesPostgres
if postgresOnly {
    do {
        let path = try runner.runPostgresOnly()
        if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataRoot) }
        print("wrote \(path), latest.json, BENCHMARKS.md and docs/bench/*.svg")
    } catch {
        if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataRoot) }
        fail("\(error)")
    }
    exit(0)
}
if catchUpOnly {
    var findings: [String] = []
    var plan = ReplicationPlan.forSuite(suite.name)
    plan.certifiedBootstrap = !uncertifiedBootstrap
    plan.profileCatchingUpNodes = profilesCatchUp
    plan = plan.resized(catchUpFilings: catchUpFilings, bootstrapDossiers: bootstrapDossiers)
    if let repeats { plan.repeats = repeats }
    if profilesCatchUp { print("profiling with perf: the rates below are measured with perf running beside the node") }
    if writesCatchUp {
        runPart(removing: ownsDataDirectory ? dataRoot : nil) {
            try ReplicationCommand.runCatchUp(plan: plan, repositoryRoot: root, casenode: casenode, dataRoot: dataRoot) { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
    }
    _ = ReplicationBenchmark(executable: casenode, dataRoot: dataRoot, plan: plan) { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }.runCatchUpOnly(findings: &findings)
    for finding in findings { print(finding) }
    if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataRoot) }
    exit(0)
}
if filingOnly {
    runPart(removing: ownsDataDirectory ? dataRoot : nil) {
        try FilingCommand.run(suite: suite, repositoryRoot: root, casenode: casenode, dataRoot: dataRoot) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
if replicationOnly {
    runPart(removing: ownsDataDirectory ? dataRoot : nil) {
        try ReplicationCommand.run(suite: suite.name, repositoryRoot: root, casenode: casenode, dataRoot: dataRoot) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
do {
    let results = try runner.run()
    let path = try runner.write(results)
    if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataRoot) }
    print("wrote \(path), BENCHMARKS.md and docs/bench/*.svg (\(Int(results.durationSeconds)) s)")
} catch {
    fail("\(error)")
}
