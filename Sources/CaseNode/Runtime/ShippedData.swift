import CaseCore
import Foundation

/// The data files shipped with casestore: the procedure catalogue and the
/// Vietnamese public holidays. A node may be given its own files instead.
/// Public so that tools (the benchmarks) file against the same catalogue a node uses.
public enum ShippedData {
    /// Data files are small (tens of KB); a bound keeps a wrong path from loading gigabytes.
    static let maxDataFileBytes = 4 * 1024 * 1024

    public static func catalogue(path: String? = nil) throws -> ProcedureCatalogue {
        let data = try read(path: path, shipped: "procedures", setting: "catalogue")
        do {
            return try ProcedureCatalogue.load(jsonData: data)
        } catch {
            throw ConfigurationError("catalogue: \(path ?? "the shipped procedures.json") is not a valid catalogue: \(error)")
        }
    }

    static func holidays(path: String?) throws -> HolidayCalendar {
        let data = try read(path: path, shipped: "holidays", setting: "holidays")
        do {
            return try HolidayCalendar.load(jsonData: data)
        } catch {
            throw ConfigurationError("holidays: \(path ?? "the shipped holidays.json") is not a valid holiday calendar: \(error)")
        }
    }

    private static func read(path: String?, shipped name: String, setting: String) throws -> Data {
        guard let url = path.map({ URL(fileURLWithPath: $0) }) ?? Bundle.module.url(forResource: name, withExtension: "json") else {
            throw ConfigurationError("\(setting): the shipped \(name).json is missing from this build")
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ConfigurationError("\(setting): cannot read \(url.path)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxDataFileBytes + 1) ?? Data()
        } catch {
            throw ConfigurationError("\(setting): cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= maxDataFileBytes else {
            throw ConfigurationError("\(setting): \(url.path) is larger than \(maxDataFileBytes) bytes")
        }
        return data
    }
}
