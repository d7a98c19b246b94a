import Foundation
import Glibc

/// Runs the PostgreSQL programs, as the unprivileged user the server needs when we are
/// root (initdb and postgres refuse to run as root), with a time limit on every command.
public struct PostgresShell: Sendable {
    /// The user the server programs run as, e.g. "postgres" (when root) or the current user.
    public let serverUser: String
    /// Whether server programs are wrapped in `runuser -u <serverUser> --`.
    public let switchesUser: Bool
    /// Where command output goes (one file pair per command, overwritten).
    public let scratchDirectory: String

    /// What one command printed.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Chooses the user: "postgres" when we are root (it must exist, the Debian package creates it), ourselves otherwise.
    public static func make(scratchDirectory: String) throws -> PostgresShell {
        guard geteuid() == 0 else {
            let name = getpwuid(geteuid()).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? "current user"
            return PostgresShell(serverUser: name, switchesUser: false, scratchDirectory: scratchDirectory)
        }
        guard getpwnam("postgres") != nil else {
            throw BenchError("running as root, and there is no 'postgres' user to run the server as (initdb refuses root)")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") || FileManager.default.isExecutableFile(atPath: "/sbin/runuser") else {
            throw BenchError("running as root without runuser: cannot run the server as 'postgres'")
        }
        return PostgresShell(serverUser: "postgres", switchesUser: true, scratchDirectory: scratchDirectory)
    }

    /// Runs a server program (initdb, pg_ctl, pg_basebackup) as `serverUser`.
    @discardableResult
    public func runAsServerUser(_ arguments: [String], timeoutSeconds: Double = 120) throws -> Output {
        let wrapped = switchesUser ? ["runuser", "-u", serverUser, "--"] + arguments : arguments
        return try run(wrapped, timeoutSeconds: timeoutSeconds)
    }

    /// Runs a client program (psql, pgbench) as ourselves; throws with its stderr when it fails.
    @discardableResult
    public func run(_ arguments: [String], timeoutSeconds: Double = 120, allowFailure: Bool = false) throws -> Output {
        precondition(!arguments.isEmpty, "a command needs a program")
        let name = URL(fileURLWithPath: arguments[0]).lastPathComponent
        let outPath = scratchDirectory + "/\(name).out", errPath = scratchDirectory + "/\(name).err"
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            throw BenchError("cannot write command output under \(scratchDirectory)")
        }
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.currentDirectoryURL = URL(fileURLWithPath: scratchDirectory)
        try process.run()
        let watch = Stopwatch()
        while process.isRunning && watch.elapsedSeconds < timeoutSeconds { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw BenchError("\(arguments.joined(separator: " ")) took over \(Int(timeoutSeconds)) s and was stopped")
        }
        process.waitUntilExit()
        let output = Output(status: process.terminationStatus,
                            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        if output.status != 0 && !allowFailure {
            throw BenchError("\(arguments.prefix(3).joined(separator: " ")) … failed (\(output.status)): \(output.stderr.suffix(1_500))")
        }
        return output
    }

    /// Makes `path` (a directory we created) owned by the server user, so its programs can write there.
    public func handOver(_ path: String) throws {
        guard switchesUser else { return }
        try FileManager.default.setAttributes([.ownerAccountName: serverUser], ofItemAtPath: path)
    }
}
