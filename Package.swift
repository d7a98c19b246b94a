// swift-tools-version:6.0
// casestore: a distributed case store for Vietnam's commune public-service centres.
// No package dependencies by design: Foundation, Dispatch, Glibc, XCTest and the
// system SQLite are all we build on.
import PackageDescription

/// The fault-injecting VFS and the debug storage route exist in debug builds (the tests
/// and the fault harness run those); a release build, the node a centre runs, has none.
let faultInjectionInDebugOnly: [SwiftSetting] = [.define("FAULT_INJECTION", .when(configuration: .debug))]

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
        // The pure modules: no sockets, files, clocks or system randomness.
        // JSON, the binary codec's primitives, logging and metrics interfaces, seeded randomness.
        .target(name: "CaseSupport"),
        // SHA-256/512, HMAC, HKDF, ChaCha20-Poly1305, X25519, Ed25519, constant-time comparison.
        // Optimised in every build: unoptimised, one Ed25519 signature takes 40 ms instead of
        // 0.7, and every node signs each event it writes (the simulator and tests included).
        .target(name: "CaseCrypto", swiftSettings: [.unsafeFlags(["-O"])]),
        // The domain: dossiers, workflow, decisions, time, text, catalogue, validation, events, tokens.
        .target(name: "CaseCore", dependencies: ["CaseSupport", "CaseCrypto"]),
        // Replication and membership (sans I/O), peer messages, version vectors, the log's port.
        .target(name: "CaseReplication", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore"]),
        // The peer wire format: frames, the message codec, cluster keys, the handshake transcript.
        .target(name: "CaseWire", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication"]),
        // The edges. System randomness (and the secrets made from it) and standard error.
        .target(name: "CaseSystem", dependencies: ["CaseSupport", "CaseCore", "CaseWire"]),
        // SQLite wrapper, schema, migrations and the event log.
        // The SQLite wrapper: checked calls, statements, transactions, group commit, migrations,
        // backups (and, in debug builds, the fault-injecting VFS). Knows nothing of dossiers.
        .target(name: "CaseSQLite", dependencies: ["CSQLite", "CaseSupport"], swiftSettings: faultInjectionInDebugOnly),
        // The event store over it: schema, the event log, dossier state, the replica log, backups.
        .target(name: "CaseStorage", dependencies: ["CaseSQLite", "CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire"]),
        // POSIX sockets, the HTTP/1.1 server and client, the TCP peer transport.
        .target(name: "CaseNet", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem"]),
        // The node runtime: drives the core, performs its actions, serves the API.
        .target(
            name: "CaseNode",
            dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseSQLite", "CaseStorage", "CaseNet", "CaseReplicationDriver"],
            resources: [.copy("Resources/procedures.json"), .copy("Resources/holidays.json")],
            swiftSettings: faultInjectionInDebugOnly
        ),
        // Argument parsing and help text, for both executables.
        .target(name: "CaseArguments"),
        // Tables and the casectl commands.
        .target(name: "CaseCLI", dependencies: ["CaseArguments", "CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseNet", "CaseSQLite", "CaseStorage"]),
        // Performs the replication core's outputs against a log: the one driver of the
        // core for the TCP runtime and the simulator.
        .target(name: "CaseReplicationDriver", dependencies: ["CaseCore", "CaseReplication"]),
        // Deterministic simulation of replication: many nodes, one thread, virtual time.
        .target(name: "CaseSimulation", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseReplicationDriver"]),
        .executableTarget(name: "casenode", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseNode", "CaseArguments"],
            swiftSettings: faultInjectionInDebugOnly),
        .executableTarget(name: "casectl", dependencies: ["CaseSystem", "CaseCLI"]),
        // The Jepsen-style fault harness (issue 5): fault proxies, the nemesis
        // runner and its checker, against real casenode processes.
        .target(name: "FaultHarness", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseNet", "NodeLauncher"],
            path: "Tools/FaultHarness"),
        .executableTarget(name: "faultproxy", dependencies: ["FaultHarness"], path: "Tools/faultproxy"),
        .executableTarget(name: "nemesis", dependencies: ["FaultHarness", "NodeLauncher"], path: "Tools/nemesis"),
        // Benchmarks (issue 7): limits probe, filing load, simulated scale, report and charts.
        .target(
            name: "Bench", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseSQLite", "CaseStorage", "CaseNet", "CaseSimulation", "CaseNode",
                "NodeLauncher"],
            path: "Tools/Bench"),
        .executableTarget(name: "casebench", dependencies: ["Bench"], path: "Tools/casebench"),
        // The one way to run a casenode as a child process (start, wait until it serves, stop,
        // kill, pause), and its cluster key file: for the tests, the fault harness and the benchmarks.
        .target(name: "NodeLauncher", path: "Tools/NodeLauncher"),
        // What the tests share: `eventually`, the shared cluster key, the capturing relay, test nodes,
        // test events, and the `ReplicaLog` contract suite both replica logs are tested against.
        .target(name: "TestSupport", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "NodeLauncher", "CaseNet"], path: "Tests/TestSupport"),

        .testTarget(name: "CaseSupportTests", dependencies: ["CaseSupport", "CaseCore", "CaseSystem", "TestSupport"]),
        .testTarget(name: "CaseCryptoTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore"]),
        // Forms/Golden holds the forms' expected HTML, read by path (FormGoldenTests), not bundled.
        .testTarget(name: "CaseCoreTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "TestSupport"], exclude: ["Forms/Golden"]),
        .testTarget(name: "CaseReplicationTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseReplicationDriver", "CaseSimulation", "TestSupport"]),
        .testTarget(name: "CaseWireTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "TestSupport"]),
        .testTarget(name: "CaseSystemTests", dependencies: ["CaseCore", "CaseWire", "CaseSystem"]),
        .testTarget(name: "CaseStorageTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSQLite", "CaseStorage", "TestSupport"]),
        .testTarget(name: "CaseSQLiteTests", dependencies: ["CaseSupport", "CaseSQLite", "CSQLite", "TestSupport"]),
        .testTarget(name: "CaseNetTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseNet", "TestSupport"]),
        .testTarget(name: "CaseNodeTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseSQLite", "CaseNode", "TestSupport"]),
        .testTarget(name: "CaseArgumentsTests", dependencies: ["CaseArguments"]),
        .testTarget(name: "CaseCLITests", dependencies: ["CaseArguments", "CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseCLI", "CaseSQLite", "CaseStorage", "TestSupport", "NodeLauncher"]),
        .testTarget(name: "CaseReplicationDriverTests", dependencies: ["CaseCore", "CaseReplication", "CaseReplicationDriver", "TestSupport"]),
        .testTarget(name: "CaseSimulationTests", dependencies: ["CaseSupport", "CaseCore", "CaseReplication", "CaseWire", "CaseSimulation", "CaseReplicationDriver", "TestSupport"]),
        // Spawns the real casenode binary and drives it over HTTP.
        .testTarget(name: "EndToEndTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "CaseNet", "CaseSQLite", "CaseStorage", "TestSupport", "NodeLauncher"]),
        // Proxy modes on loopback, schedules, the checker, and the short nemesis run.
        .testTarget(name: "FaultHarnessTests", dependencies: ["CaseSupport", "CaseCrypto", "CaseCore", "CaseReplication", "CaseWire", "CaseSystem", "FaultHarness", "CaseNet", "TestSupport", "NodeLauncher"]),
        // The pure parts of the benchmarks: percentiles, SVG, markdown, theory curve.
        .testTarget(name: "BenchTests", dependencies: ["CaseCore", "CaseReplication", "CaseSQLite", "CaseStorage", "Bench", "NodeLauncher"]),
    ],
    swiftLanguageModes: [.v6]
)
