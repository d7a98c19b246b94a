import CaseArguments
import CaseSupport
import CaseSystem
import CaseNode
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The node daemon: parse the command line, start the node, run until SIGINT or SIGTERM.

// Before anything is created: the node's files hold citizens' personal data and keys.
OwnerOnlyFileCreation.apply()
// A peer or client that disconnects mid-write must not kill the node.
signal(SIGPIPE, SIG_IGN)

let arguments: ParsedArguments
do {
    switch try ArgumentParser(root: NodeCommandLine.spec).parse(Array(CommandLine.arguments.dropFirst())) {
    case .helpRequested(let text):
        print(text)
        exit(0)
    case .parsed(let parsed):
        arguments = parsed
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}

if arguments.flag("version") {
    print("casenode \(NodeCommandLine.version)")
    exit(0)
}

let configuration: NodeConfiguration
do {
    configuration = try NodeCommandLine.configuration(from: arguments)
} catch {
    FileHandle.standardError.write(Data("casenode: \(error)\n".utf8))
    exit(1)
}

if arguments.flag("init-identity") {
    do {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let (key, created) = try NodeIdentityFiles.loadOrCreateKey(configuration)
        print("""
            node \(configuration.id): \(created ? "made a new key" : "key already present") at \(NodeIdentityFiles.keyPath(configuration))
            public key: \(key.publicKey.hex)
            To certify it, \(NodeIdentityFiles.certifyAdvice(configuration, key: key))
            """)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("casenode: \(error)\n".utf8))
        exit(1)
    }
}

// One clock for everything the node does, logs included, so a debug offset skews them all alike.
let clock = SystemClock(offsetMs: configuration.clockOffsetMs)
let logger = Logger(minimumLevel: .info, sink: .standardError, clock: { clock.nowMs() })
let signals = TerminationSignals(logger: logger)
let runtime: CaseNodeRuntime
do {
    if configuration.clockOffsetMs != 0 {
        logger.warning("debug: this node's clock is shifted for fault tests", .safe("clockOffsetMs", configuration.clockOffsetMs))
    }
    runtime = try CaseNodeRuntime(configuration: configuration, clock: clock, logger: logger)
    let ports = try runtime.start()
    // Unbuffered: scripts and tests read this line to learn the bound port.
    FileHandle.standardOutput.write(Data(
        "casenode \(configuration.id) serving http://\(configuration.httpAddress.host):\(ports.http), peer \(configuration.peerAddress.host):\(ports.peer) (cluster \(configuration.clusterID), data in \(configuration.dataDirectory))\n".utf8))
} catch {
    FileHandle.standardError.write(Data("casenode: \(error)\n".utf8))
    exit(1)
}

signals.wait()
runtime.stop()
exit(0)
