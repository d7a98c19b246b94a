import Foundation
import Glibc

/// Where the PostgreSQL programs are; installs the Debian packages when they are missing
/// and we may (root with apt-get). Otherwise the PostgreSQL part is skipped with the reason.
public struct PostgresInstallation: Sendable {
    /// Directory of initdb, pg_ctl and postgres (e.g. /usr/lib/postgresql/15/bin).
    public var serverBin: String
    public var pgbench: String
    public var psql: String
    public var pgBasebackup: String

    public var initdb: String { serverBin + "/initdb" }
    public var pgCtl: String { serverBin + "/pg_ctl" }

    static let serverTools = ["initdb", "pg_ctl", "postgres"]
    static let clientTools = ["pgbench", "psql", "pg_basebackup"]

    /// Finds the programs, installing `postgresql postgresql-contrib` first if needed and allowed.
    public static func locateOrInstall(log: (String) -> Void) throws -> PostgresInstallation {
        if let found = locate() { return found }
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") else {
            throw BenchError("PostgreSQL is not installed and cannot be installed here (needs root and apt-get): skipped")
        }
        log("PostgreSQL not found: apt-get install -y postgresql postgresql-contrib")
        let shell = PostgresShell(serverUser: "root", switchesUser: false, scratchDirectory: NSTemporaryDirectory())
        var install = try shell.run(["apt-get", "install", "-y", "postgresql", "postgresql-contrib"], timeoutSeconds: 600, allowFailure: true)
        if install.status != 0 {
            try shell.run(["apt-get", "update"], timeoutSeconds: 600)
            install = try shell.run(["apt-get", "install", "-y", "postgresql", "postgresql-contrib"], timeoutSeconds: 600)
        }
        guard let found = locate() else { throw BenchError("apt-get installed PostgreSQL but its programs were not found: skipped") }
        return found
    }

    /// The programs if all are present: PATH first, then the newest /usr/lib/postgresql/<version>/bin.
    public static func locate() -> PostgresInstallation? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        let versioned = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        let serverBin = versioned.first { bin in serverTools.allSatisfy { FileManager.default.isExecutableFile(atPath: bin + "/" + $0) } }
            ?? path.first { bin in serverTools.allSatisfy { FileManager.default.isExecutableFile(atPath: bin + "/" + $0) } }
        func client(_ name: String) -> String? {
            (path + versioned).map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard let serverBin, let pgbench = client("pgbench"), let psql = client("psql"), let backup = client("pg_basebackup") else { return nil }
        return PostgresInstallation(serverBin: serverBin, pgbench: pgbench, psql: psql, pgBasebackup: backup)
    }
}
