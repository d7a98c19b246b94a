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
        let status = try Self.spawnAndWait(arguments, stdoutPath: outPath, stderrPath: errPath, timeoutSeconds: timeoutSeconds)
        let output = Output(status: status,
                            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        if output.status != 0 && !allowFailure {
            throw BenchError("\(arguments.prefix(3).joined(separator: " ")) … failed (\(output.status)): \(output.stderr.suffix(1_500))")
        }
        return output
    }

    /// Runs `arguments` (looked up in PATH) with its output in two files; the exit status.
    /// Not Foundation's Process: it decides a child has ended when a descriptor the child
    /// inherited closes, and `pg_ctl start` leaves the server holding it, so the start would
    /// never be seen to end. posix_spawn and waitpid see the child itself.
    static func spawnAndWait(_ arguments: [String], stdoutPath: String, stderrPath: String, timeoutSeconds: Double) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pid: pid_t = 0
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(arguments[0]): error \(spawned)") }
        let watch = Stopwatch()
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw BenchError("waitpid for \(arguments[0]) failed: errno \(errno)") }
            if watch.elapsedSeconds > timeoutSeconds {
                kill(pid, SIGTERM)
                _ = waitpid(pid, &status, 0)
                throw BenchError("\(arguments.joined(separator: " ")) took over \(Int(timeoutSeconds)) s and was stopped")
            }
            usleep(2_000)
        }
        // WIFEXITED / WEXITSTATUS by hand: the C macros are not imported into Swift.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Makes `path` (a directory we created) owned by the server user, so its programs can write there.
    public func handOver(_ path: String) throws {
        guard switchesUser else { return }
        try FileManager.default.setAttributes([.ownerAccountName: serverUser], ofItemAtPath: path)
    }
}
