import Foundation
import CaseSystem

/// Reads what the machine is, from /proc, /etc/os-release, /proc/mounts and `swift --version`.
public enum MachineProbe {
    public static func describe(dataDirectory: String) -> MachineInfo {
        let cpuinfo = read("/proc/cpuinfo")
        let model = value(of: "model name", in: cpuinfo, separator: ":") ?? "unknown CPU"
        let memoryKB = Int(value(of: "MemTotal", in: read("/proc/meminfo"), separator: ":")?.split(separator: " ").first ?? "") ?? 0
        let osName = value(of: "PRETTY_NAME", in: read("/etc/os-release"), separator: "=")?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? "Linux"
        var kernel = utsname()
        uname(&kernel)
        let release = withUnsafeBytes(of: &kernel.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return MachineInfo(
            cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount, memoryBytes: memoryKB * 1024,
            dataDisk: disk(of: dataDirectory), dataDirectory: dataDirectory, os: "\(osName), kernel \(release)",
            swiftVersion: swiftVersion(), loadAverageStart: loadAverage(), loadAverageEnd: 0)
    }

    /// The 1-minute load average.
    public static func loadAverage() -> Double {
        Double(read("/proc/loadavg").split(separator: " ").first ?? "") ?? 0
    }

    /// "device (fstype) mounted on /mountpoint" of the longest mount point containing `path`.
    static func disk(of path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (mount: String, text: String)?
        for line in read("/proc/mounts").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mount = String(fields[1])
            let contains = mount == "/" || resolved == mount || resolved.hasPrefix(mount + "/")
            if contains && mount.count > (best?.mount.count ?? -1) {
                best = (mount, "\(fields[0]) (\(fields[2])) mounted on \(mount)")
            }
        }
        return best?.text ?? "unknown"
    }

    static func swiftVersion() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return "unknown" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.contains("Swift version") }.map(String.init) ?? "unknown"
    }

    /// The value after `separator` on the first line starting with `key`.
    static func value(of key: String, in text: String, separator: Character) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            guard let index = line.firstIndex(of: separator) else { continue }
            return line[line.index(after: index)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}
