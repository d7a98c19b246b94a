import Foundation
import CaseSystem

/// `perf record` attached to a running process, if perf is installed and allowed
/// (it samples on-CPU time only: time waiting for fsync shows as absence).
public final class PerfProfiler {
    private let process: Process
    private let dataPath: String

    /// How many report lines a finding keeps: the top symbols tell where the time goes.
    static let maxReportLines = 25

    private init(process: Process, dataPath: String) {
        self.process = process
        self.dataPath = dataPath
    }

    /// Starts sampling `pid` `frequency` times a second, or nil when perf is missing or cannot start.
    /// Lower the frequency for runs of minutes: the samples (with call graphs) must fit on disk and be read back.
    public static func start(pid: Int32, directory: String, frequency: Int = 499) -> PerfProfiler? {
        guard let perf = ["/usr/bin/perf", "/usr/local/bin/perf"].first(where: FileManager.default.isExecutableFile) else { return nil }
        let dataPath = directory + "/perf-\(pid).data"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: perf)
        process.arguments = ["record", "-F", String(frequency), "-g", "-p", String(pid), "-o", dataPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        usleep(300_000)
        guard process.isRunning else { return nil }
        return PerfProfiler(process: process, dataPath: dataPath)
    }

    /// Stops sampling and returns the top of the report (self time by symbol), or nil.
    public func finish() -> String? {
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let report = Process()
        report.executableURL = process.executableURL
        // Inclusive time ("children"): the node's own functions show how much of the CPU each
        // step of a filing takes, not only the leaf routines they call.
        report.arguments = ["report", "--stdio", "--children", "--sort", "symbol", "--percent-limit", "4", "-g", "none", "-i", dataPath]
        let pipe = Pipe()
        report.standardOutput = pipe
        report.standardError = FileHandle.nullDevice
        do { try report.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        report.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dataPath)
        let lines = Self.demangle(String(decoding: data, as: UTF8.self)).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .prefix(Self.maxReportLines)
            .map { "    " + Self.shorten(String($0)) }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The inclusive share (percent) of the first report line naming `symbol`, if any.
    public static func share(of symbol: String, in summary: String) -> Double? {
        for line in summary.split(separator: "\n") where line.contains(symbol) {
            guard let first = line.split(whereSeparator: \.isWhitespace).first, first.hasSuffix("%") else { continue }
            return Double(first.dropLast())
        }
        return nil
    }

    /// Keeps a report line readable: Swift's symbols can run to hundreds of characters.
    static func shorten(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 150 ? String(trimmed.prefix(147)) + "..." : trimmed
    }

    /// Swift symbols in readable form through `swift demangle`, if the toolchain has it.
    static func demangle(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "demangle", "--simplified", "--compact"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return text }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 && !data.isEmpty ? String(decoding: data, as: UTF8.self) : text
    }
}
