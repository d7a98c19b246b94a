// swift-tools-version:6.0
// casestore: a distributed case store for Vietnam's commune public-service centres.
// No package dependencies by design: Foundation, Dispatch, Glibc, XCTest and the
// system SQLite are all we build on.
import PackageDescription

let package = Package(
    name: "casestore",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "casenode", targets: ["casenode"]),
        .executable(name: "casectl", targets: ["casectl"]),
        .executable(name: "faultproxy", targets: ["faultproxy"]),
        .executable(name: "nemesis", targets: ["nemesis"]),
        .executable(name: "casebench", targets: ["casebench"]),
    ],
    targets: [
        // The system SQLite (libsqlite3-dev), reached through a module map.
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Pure domain and protocol logic: no sockets, no SQLite, no clock.
        .target(name: "CaseCore"),
        // SQLite wrapper, schema, migrations and the event log.
        .target(name: "CaseStorage", dependencies: ["CSQLite", "CaseCore"]),
        // POSIX sockets, the HTTP/1.1 server and client.
        .target(name: "CaseNet", dependencies: ["CaseCore"]),
        // The node runtime: drives the core, performs its actions, serves the API.
        .target(
            name: "CaseNode",
            dependencies: ["CaseCore", "CaseStorage", "CaseNet", "CaseReplicationDriver"],
            resources: [.copy("Resources/procedures.json"), .copy("Resources/holidays.json")]
        ),
        // Argument parsing, tables and the casectl commands.
        .target(name: "CaseCLI", dependencies: ["CaseCore", "CaseNet"]),
        // Performs the replication core's outputs against a log: the one driver of the
        // core for the TCP runtime and the simulator.
        .target(name: "CaseReplicationDriver", dependencies: ["CaseCore"]),
        // Deterministic simulation of replication: many nodes, one thread, virtual time.
        .target(name: "CaseSimulation", dependencies: ["CaseCore", "CaseReplicationDriver"]),
        .executableTarget(name: "casenode", dependencies: ["CaseNode", "CaseCLI"]),
        .executableTarget(name: "casectl", dependencies: ["CaseCLI"]),
        // The Jepsen-style fault harness (issue 5): fault proxies, the nemesis
        // runner and its checker, against real casenode processes.
        .target(name: "FaultHarness", dependencies: ["CaseCore", "CaseNet", "NodeLauncher"], path: "Tools/FaultHarness"),
        .executableTarget(name: "faultproxy", dependencies: ["FaultHarness"], path: "Tools/faultproxy"),
        .executableTarget(name: "nemesis", dependencies: ["FaultHarness", "NodeLauncher"], path: "Tools/nemesis"),
        // Benchmarks (issue 7): limits probe, filing load, simulated scale, report and charts.
        .target(
            name: "Bench", dependencies: ["CaseCore", "CaseStorage", "CaseNet", "CaseSimulation", "CaseNode", "NodeLauncher"], path: "Tools/Bench"),
        .executableTarget(name: "casebench", dependencies: ["Bench"], path: "Tools/casebench"),
        // The one way to run a casenode as a child process (start, wait until it serves, stop,
        // kill, pause), and its cluster key file: for the tests, the fault harness and the benchmarks.
        .target(name: "NodeLauncher", path: "Tools/NodeLauncher"),
        // What the tests share: `eventually`, the shared cluster key, the capturing relay, test nodes.
        .target(name: "TestSupport", dependencies: ["NodeLauncher", "CaseNet"], path: "Tests/TestSupport"),

        .testTarget(name: "CaseCoreTests", dependencies: ["CaseCore"]),
        .testTarget(name: "CaseStorageTests", dependencies: ["CaseStorage", "CSQLite", "TestSupport"]),
        .testTarget(name: "CaseNetTests", dependencies: ["CaseNet", "TestSupport"]),
        .testTarget(name: "CaseNodeTests", dependencies: ["CaseNode", "TestSupport"]),
        .testTarget(name: "CaseCLITests", dependencies: ["CaseCLI", "TestSupport", "NodeLauncher"]),
        .testTarget(name: "CaseSimulationTests", dependencies: ["CaseSimulation", "CaseCore", "CaseReplicationDriver"]),
        // Spawns the real casenode binary and drives it over HTTP.
        .testTarget(name: "EndToEndTests", dependencies: ["CaseNet", "CaseCore", "CaseStorage", "TestSupport", "NodeLauncher"]),
        // Proxy modes on loopback, schedules, the checker, and the short nemesis run.
        .testTarget(name: "FaultHarnessTests", dependencies: ["FaultHarness", "CaseCore", "CaseNet", "TestSupport", "NodeLauncher"]),
        // The pure parts of the benchmarks: percentiles, SVG, markdown, theory curve.
        .testTarget(name: "BenchTests", dependencies: ["Bench", "NodeLauncher"]),
    ],
    swiftLanguageModes: [.v6]
)
