import Foundation
import Synchronization
import XCTest

/// A TLS-terminating proxy in front of a node, as production runs one (docs/security-api.md),
/// for tests: a certificate authority and a server certificate for `localhost` made with
/// `openssl`, and a small Python `ssl` proxy that forwards each connection to the node's
/// plain-HTTP port. The CA is trusted by nobody: a casectl run sees it only through
/// ``trustingRun(_:environment:)``, which adds it to the system trust store in a private
/// mount namespace, leaving the machine's store as it is.
final class TLSTestProxy {
    let directory: String
    let port: UInt16
    private let process: Process
    /// Kept open for the proxy's life: the proxy exits when it closes (the test process died).
    private let lifeline: Pipe

    /// Seconds to wait for the proxy to say its port; Python starts in well under one.
    static let startTimeoutSeconds = 10.0

    init(forwardingTo backendPort: UInt16, directory: String) throws {
        self.directory = directory
        try Self.makeCertificates(in: directory)
        let script = directory + "/tls-proxy.py"
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory + "/server.pem", directory + "/server.key", String(backendPort)]
        let output = Pipe()
        lifeline = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try process.run()
        port = try Self.readPort(from: output, process: process)
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    var url: String { "https://localhost:\(port)" }

    /// Runs the built casectl with the test CA added to the system trust store, in a mount
    /// namespace of its own; skips the test where no such namespace can be made.
    func trustingRun(_ arguments: [String], environment: [String: String]) throws -> CasectlProcess.Run {
        let store = try XCTUnwrap(Self.systemTrustStore, "no system CA bundle found")
        let bundle = directory + "/trusted-bundle.pem"
        try (String(contentsOfFile: store, encoding: .utf8) + String(contentsOfFile: directory + "/ca.pem", encoding: .utf8))
            .write(toFile: bundle, atomically: true, encoding: .utf8)
        let unshare = try Self.privateMountNamespace()
        let command = #"mount --bind "$1" "$2" && shift 2 && exec "$@""#
        return try CasectlProcess.run(arguments, environment: environment, wrappedIn: unshare + ["sh", "-c", command, "sh", bundle, store])
    }

    // MARK: - Setting up

    /// Where libcurl (and so URLSession) reads the system's CAs: the first of the places
    /// swift-corelibs-foundation looks.
    static var systemTrustStore: String? {
        ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"]
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    /// `unshare` options that make a private mount namespace here, or a skip saying why not.
    static func privateMountNamespace() throws -> [String] {
        for options in [["-m", "--propagation", "private"], ["-Urm"]] {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            probe.arguments = ["unshare"] + options + ["true"]
            probe.standardError = FileHandle.nullDevice
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { return ["/usr/bin/env", "unshare"] + options }
        }
        throw XCTSkip("cannot make a private mount namespace here, so the test CA cannot be trusted without changing the machine's trust store")
    }

    private static func makeCertificates(in directory: String) throws {
        let commands: [[String]] = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
             "-out", "ca.pem", "-days", "2", "-subj", "/CN=casestore test CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
             "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
             "-days", "2", "-extfile", "server.ext"],
        ]
        try "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        for arguments in commands {
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = ["openssl"] + arguments
            openssl.currentDirectoryURL = URL(fileURLWithPath: directory)
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw LaunchFailure("openssl \(arguments.prefix(2).joined(separator: " ")) failed") }
        }
    }

    private static func readPort(from output: Pipe, process: Process) throws -> UInt16 {
        let line = DispatchSemaphore(value: 0)
        let text = LockedText()
        DispatchQueue.global().async {
            var collected = Data()
            while !collected.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            text.set(String(decoding: collected, as: UTF8.self))
            line.signal()
        }
        guard line.wait(timeout: .now() + startTimeoutSeconds) == .success,
              let port = UInt16(text.get().trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw LaunchFailure("the TLS proxy did not say its port: '\(text.get())'")
        }
        return port
    }

    /// Accepts TLS on a free loopback port (printed first), forwards each connection's bytes to
    /// the node and back; exits when its standard input closes.
    private static let script = #"""
        import os, socket, ssl, sys, threading
        cert, key, backend = sys.argv[1], sys.argv[2], int(sys.argv[3])
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        listener = socket.create_server(("127.0.0.1", 0))
        print(listener.getsockname()[1], flush=True)
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()

        def pipe(source, target):
            try:
                while data := source.recv(65536):
                    target.sendall(data)
            except OSError:
                pass
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        def serve(raw):
            try:
                client = context.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError):
                raw.close()
                return
            node = socket.create_connection(("127.0.0.1", backend))
            threading.Thread(target=pipe, args=(node, client), daemon=True).start()
            pipe(client, node)

        while True:
            connection, _ = listener.accept()
            threading.Thread(target=serve, args=(connection,), daemon=True).start()
        """#
}

struct LaunchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A string written by one thread and read by another.
private final class LockedText: Sendable {
    private let text = Mutex("")
    func set(_ value: String) { text.withLock { $0 = value } }
    func get() -> String { text.withLock { $0 } }
}
