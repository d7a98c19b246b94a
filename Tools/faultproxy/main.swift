import FaultHarness
import Foundation
import CaseSystem

/// faultproxy: one fault proxy in front of a casenode peer port, controlled
/// by lines on standard input (see `ProxyCommand`). Usage:
///
///     faultproxy --name n2 --listen 0 --upstream 127.0.0.1:7421
let usage = "usage: faultproxy [--name NAME] [--listen PORT] --upstream HOST:PORT   (then commands on stdin: pass, delay MS, blackhole, refuse, reset [FROM]; upstream HOST:PORT; status; quit)"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("faultproxy: \(message)\n\(usage)\n".utf8))
    exit(2)
}

var name = "proxy"
var listenPort: UInt16 = 0
var upstream: (host: String, port: UInt16)?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--name": name = value
    case "--listen":
        guard let port = UInt16(value) else { fail("--listen needs a port number (0 for any)") }
        listenPort = port
    case "--upstream":
        guard case .upstream(let host, let port)? = try? ProxyCommand.parse("upstream \(value)") else {
            fail("--upstream needs HOST:PORT")
        }
        upstream = (host, port)
    default: fail("unknown option \(flag)")
    }
}

/// Answers go out unbuffered: a controlling script waits for each one.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data("\(line)\n".utf8))
}

signal(SIGPIPE, SIG_IGN)
let proxy: FaultProxy
do {
    proxy = try FaultProxy(name: name, listenPort: listenPort, upstream: upstream) { line in
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }
} catch {
    fail("cannot listen: \(error)")
}
proxy.start()
say("faultproxy \(name) listening \(proxy.listenAddress)")
while let line = readLine() {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { continue }
    do {
        let command = try ProxyCommand.parse(trimmed)
        say(proxy.perform(command))
        if command == .quit { break }
    } catch {
        say("error \(error)")
    }
}
proxy.stop()
