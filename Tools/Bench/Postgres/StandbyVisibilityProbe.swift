import Foundation
import CaseSystem

/// Measures how long a row committed on the primary takes to become visible on the
/// asynchronous standby. The primary inserts rows stamped with `clock_timestamp()` at a
/// steady rate (pgbench -R); on the standby one PL/pgSQL loop polls for new rows without
/// pausing and reports, per row, its own `clock_timestamp()` minus the row's stamp. Both
/// servers read the same machine clock, so the difference is the delay itself; it includes
/// the primary's commit (its WAL flush), as a client would wait for it. The loop keeps one
/// core busy while it runs, which it shares with the servers on a small machine.
struct StandbyVisibilityProbe {
    let primary: PostgresServer
    let standby: PostgresServer
    let installation: PostgresInstallation
    let shell: PostgresShell
    let database: String
    let seconds: Double
    /// Low enough that rows arrive one at a time, each measured on its own.
    static let rowsPerSecond = 20

    static let method = "rows stamped with clock_timestamp() on the primary at \(rowsPerSecond)/s, a busy PL/pgSQL loop on the standby noting its clock_timestamp() when each first shows (same machine clock; includes the primary's commit flush)"

    /// The delays in ms, one per row seen.
    func run() throws -> [Double] {
        let expected = Int(seconds) * Self.rowsPerSecond
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: installation.psql)
        watcher.arguments = ["-X", "-q", "-h", "127.0.0.1", "-p", String(standby.port), "-U", shell.serverUser, "-d", database,
                             "-c", Self.watchSQL(expectedRows: expected, timeoutSeconds: Int(seconds) + 10)]
        let noticesPath = shell.scratchDirectory + "/visibility.err"
        _ = FileManager.default.createFile(atPath: noticesPath, contents: nil)
        guard let notices = FileHandle(forWritingAtPath: noticesPath) else { throw BenchError("cannot write \(noticesPath)") }
        defer { try? notices.close() }
        watcher.standardError = notices
        watcher.standardOutput = FileHandle.nullDevice
        try watcher.run()
        defer { if watcher.isRunning { watcher.terminate() }; watcher.waitUntilExit() }
        let script = shell.scratchDirectory + "/visibility.sql"
        try "INSERT INTO visibility_probe DEFAULT VALUES;\n".write(toFile: script, atomically: true, encoding: .utf8)
        try shell.run([installation.pgbench, "-n", "-h", "127.0.0.1", "-p", String(primary.port), "-U", shell.serverUser,
                       "-c", "1", "-R", String(Self.rowsPerSecond), "-T", String(Int(seconds)), "-f", script, database],
                      timeoutSeconds: seconds + 60)
        let watch = Stopwatch()
        while watcher.isRunning && watch.elapsedSeconds < 20 { usleep(10_000) }
        let text = (try? String(contentsOfFile: noticesPath, encoding: .utf8)) ?? ""
        let delays = Self.delaysMs(fromNotices: text)
        guard !delays.isEmpty else { throw BenchError("the standby saw no probe rows: \(text.suffix(1_000))") }
        return delays
    }

    /// The loop run on the standby: stops after `expectedRows` rows or `timeoutSeconds`.
    static func watchSQL(expectedRows: Int, timeoutSeconds: Int) -> String {
        """
        DO $$
        DECLARE
          last_id bigint;
          seen int := 0;
          deadline timestamptz := clock_timestamp() + interval '\(timeoutSeconds) seconds';
          r record;
        BEGIN
          SELECT coalesce(max(id), 0) INTO last_id FROM visibility_probe;
          WHILE seen < \(expectedRows) AND clock_timestamp() < deadline LOOP
            FOR r IN SELECT id, extract(epoch FROM clock_timestamp() - inserted_at) * 1000 AS delay_ms
                       FROM visibility_probe WHERE id > last_id ORDER BY id LOOP
              RAISE NOTICE 'visible % %', r.id, r.delay_ms;
              last_id := r.id;
              seen := seen + 1;
            END LOOP;
          END LOOP;
        END $$;
        """
    }

    /// Delays from psql's notice lines `NOTICE:  visible <id> <ms>`.
    static func delaysMs(fromNotices text: String) -> [Double] {
        text.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "NOTICE:  visible ") else { return nil }
            let fields = line[range.upperBound...].split(separator: " ")
            return fields.count == 2 ? Double(fields[1]) : nil
        }
    }
}
