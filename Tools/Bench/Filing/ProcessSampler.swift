import Foundation

/// CPU time and memory of a process, from /proc/<pid>/stat and /proc/<pid>/status (Linux).
public struct ProcessSampler: Sendable {
    public let pid: Int32

    public init(pid: Int32) { self.pid = pid }

    /// One reading: total CPU seconds (user + system) so far, RSS and peak RSS.
    public struct Reading: Sendable {
        public var cpuSeconds: Double
        public var rssBytes: Int
        public var peakRSSBytes: Int
        public var stopwatch = Stopwatch()
    }

    public func read() throws -> Reading {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            throw BenchError("cannot read /proc/\(pid): has the process exited?")
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = Self.cpuTicks(stat: stat).map { Double($0) / ticks } ?? 0
        return Reading(cpuSeconds: cpu, rssBytes: Self.kilobytes("VmRSS", in: status) * 1024, peakRSSBytes: Self.kilobytes("VmHWM", in: status) * 1024)
    }

    /// The usage between `start` and now.
    public func usage(since start: Reading) throws -> ProcessUsage {
        let end = try read()
        let seconds = start.stopwatch.elapsedSeconds
        return ProcessUsage(cpuCores: seconds > 0 ? (end.cpuSeconds - start.cpuSeconds) / seconds : 0,
                            rssBytes: end.rssBytes, peakRSSBytes: end.peakRSSBytes, seconds: seconds)
    }

    /// utime + stime (fields 14 and 15), counted after the ")" that ends the command name,
    /// which may itself hold spaces or parentheses.
    static func cpuTicks(stat: String) -> Int? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field k is fields[k - 3].
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// The number of kB on the line "`key`:   1234 kB", or 0.
    static func kilobytes(_ key: String, in status: String) -> Int {
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            return Int(line.dropFirst(key.count + 1).split(whereSeparator: \.isWhitespace).first ?? "") ?? 0
        }
        return 0
    }
}
