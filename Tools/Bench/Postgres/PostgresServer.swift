import Foundation
import Glibc

/// One PostgreSQL server (primary or standby) in a data directory of its own, on a
/// loopback port; stopped with `pg_ctl stop -m fast`, then by its pid if still alive.
public final class PostgresServer {
    public let name: String
    public let dataDirectory: String
    public let port: Int
    let installation: PostgresInstallation
    let shell: PostgresShell
    /// The postmaster's pid, read from postmaster.pid once started.
    public private(set) var pid: Int32?

    /// How long a fast shutdown may take before the postmaster is killed by pid.
    static let stopTimeoutSeconds = 30

    init(name: String, dataDirectory: String, port: Int, installation: PostgresInstallation, shell: PostgresShell) {
        self.name = name
        self.dataDirectory = dataDirectory
        self.port = port
        self.installation = installation
        self.shell = shell
    }

    public var logPath: String { dataDirectory + ".log" }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        try shell.handOver(logPath)
        try shell.runAsServerUser([installation.pgCtl, "-D", dataDirectory, "-l", logPath, "-w", "-t", "60", "start"], timeoutSeconds: 90)
        let pidFile = (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)) ?? ""
        pid = pidFile.split(separator: "\n").first.flatMap { Int32($0) }
        guard pid != nil else { throw BenchError("\(name) started but wrote no postmaster.pid; see \(logPath)") }
    }

    /// `pg_ctl stop -m fast`; then, if the postmaster is still alive, SIGQUIT and SIGKILL by pid.
    /// Never throws: it runs on the way out of failures too.
    func stop() {
        guard let pid else { return }
        _ = try? shell.runAsServerUser([installation.pgCtl, "-D", dataDirectory, "-m", "fast", "-w", "-t", String(Self.stopTimeoutSeconds), "stop"],
                                       timeoutSeconds: Double(Self.stopTimeoutSeconds + 10))
        if kill(pid, 0) == 0 {
            kill(pid, SIGQUIT)
            let watch = Stopwatch()
            while kill(pid, 0) == 0 && watch.elapsedSeconds < 5 { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        self.pid = nil
    }

    /// psql against this server as the server user's role, tuples only; one `-c` per statement
    /// (ALTER SYSTEM cannot share a transaction with others).
    @discardableResult
    func psql(_ statements: [String], database: String = "postgres", timeoutSeconds: Double = 60) throws -> String {
        var arguments = [installation.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", "-h", "127.0.0.1", "-p", String(port), "-U", shell.serverUser, "-d", database]
        for statement in statements { arguments += ["-c", statement] }
        return try shell.run(arguments, timeoutSeconds: timeoutSeconds).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("cannot bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
