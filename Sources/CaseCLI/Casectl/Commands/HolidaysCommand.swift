import CaseArguments
import CaseCore
import CaseSupport
import Foundation

/// `casectl holidays publish|show`: the cluster root publishes a year's official holiday
/// schedule once, signed here, and every node uses it (docs/holidays.md).
enum HolidaysCommand {
    /// Years one publish may carry. Why 5: the government announces one year at a time; a
    /// file of more years is most likely a whole shipped holidays.json given by mistake.
    static let maxYears = 5

    static let spec = CommandSpec(
        name: "holidays",
        summary: "Publish a year's official holiday schedule signed by the cluster root, or show where each year's days off come from.",
        discussion: """
            The government announces each autumn next year's days off (the Tết break day by day, \
            swapped days) and make-up Saturdays. 'holidays publish' signs each year of a file in \
            the holidays.json format with the root key here and sends it to the node, which \
            checks the signature, keeps it and passes it to every member: from then on every \
            node dates new dossiers by it, over its own holiday file and the computed rule. A \
            later schedule of the same year replaces an earlier one. Due dates already given \
            are kept. Only a cluster with a root key takes published schedules; without one, \
            give every node the file with casenode --holidays. See docs/holidays.md.
            """,
        subcommands: [publish, show],
        examples: [
            "casectl holidays publish holidays-2027.json --root-key root.key",
            "casectl holidays show",
            "casectl holidays show --year 2027",
        ])

    static let publish = CommandSpec(
        name: "publish",
        summary: "Sign every official year of FILE with the root key (here) and publish it to the cluster.",
        options: [
            IdentityCommands.signingRootKeyOption,
            .value("year", "YEAR", help: "Publish only this year of FILE."),
        ],
        positionals: [PositionalSpec("FILE", help: "A holiday schedule in the holidays.json format: its source names the notice; its officialYears (or the years of its entries) are published, each complete.")],
        examples: ["casectl holidays publish holidays-2027.json --root-key root.key", "casectl holidays publish holidays.json --year 2027"])

    static let show = CommandSpec(
        name: "show",
        summary: "Where each year's days off come from at the node (published, file or computed); with --year, that year's days.",
        options: [.value("year", "YEAR", help: "List this year's days off and make-up working days.")],
        examples: ["casectl holidays show", "casectl holidays show --year 2027 --json"])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession, readInput: (String) throws -> [UInt8]) throws {
        switch arguments.commandPath.dropFirst().first {
        case "publish"?:
            guard let path = arguments.positional("FILE") else { throw CasectlUsageError(message: "missing FILE") }
            let file = try readSchedule(path, readInput: readInput)
            let root = try IdentityCommands.readRootKey(arguments)
            let clusterID = try DecisionSigning.clusterID(session)
            // Every year signed before any is sent: a year the rules refuse sends none.
            let schedules = try years(of: file, only: arguments.value("year")).map { year in try sign(year, of: file, clusterID: clusterID, by: root) }
            for schedule in schedules {
                let answer = try session.client.post("/v1/admin/holidays", ["schedule": .string(schedule.text)])
                session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderPublished(answer))
            }
        case "show"?:
            let query = try arguments.value("year").map { "?year=\(try yearNumber($0))" } ?? ""
            let answer = try session.client.get("/v1/holidays" + query)
            session.output.standard(session.json ? JSONWriter.string(answer, pretty: true) : renderShown(answer))
        default:
            throw CasectlUsageError(message: "holidays needs a subcommand: publish or show (see 'casectl holidays --help')")
        }
    }

    private static func readSchedule(_ path: String, readInput: (String) throws -> [UInt8]) throws -> HolidayCalendar {
        let bytes = try readInput(path)
        do {
            return try HolidayCalendar.load(jsonData: Data(bytes))
        } catch {
            throw CasectlUsageError(message: "\(path) is not a holiday schedule in the holidays.json format: \(error)")
        }
    }

    /// The official years of `file` to publish: all, or the one `--year` names.
    static func years(of file: HolidayCalendar, only text: String?) throws -> [Int] {
        guard let official = file.officialYears else { throw CasectlUsageError(message: "the file lists no day: nothing to publish") }
        guard let text else {
            guard official.count <= maxYears else {
                throw CasectlUsageError(message: "the file holds \(official.count) years (\(official.lowerBound)-\(official.upperBound)); publish at most \(maxYears) at once, or pick one with --year")
            }
            return Array(official)
        }
        let year = try yearNumber(text)
        guard official.contains(year) else {
            throw CasectlUsageError(message: "--year \(year): the file's official years are \(official.lowerBound)-\(official.upperBound)")
        }
        return [year]
    }

    /// The schedule of `year` as the file lists it, signed now by `root`.
    static func sign(_ year: Int, of file: HolidayCalendar, clusterID: String, by root: SigningKey) throws -> HolidaySchedule {
        do {
            return try HolidaySchedule.sign(
                year: year, notice: file.source, holidays: file.holidays.filter { $0.date.year == year },
                makeUpWorkingDays: file.makeUpWorkingDays.filter { $0.date.year == year }, clusterID: clusterID,
                issuedAtMs: Int64(Date().timeIntervalSince1970 * 1_000), by: root)
        } catch {
            throw CasectlUsageError(message: "cannot sign the schedule of \(year): \(error.description)")
        }
    }

    private static func yearNumber(_ text: String) throws -> Int {
        guard let year = Int(text), CivilDate.textYears.contains(year) else {
            throw CasectlUsageError(message: "--year: expected a year such as 2027, got '\(text.prefix(20))'")
        }
        return year
    }

    static func renderPublished(_ answer: JSONValue) -> String {
        let year = answer["year"]?.int64Value.map(String.init) ?? "?"
        let days = "\(answer["holidays"]?.int64Value ?? 0) days off, \(answer["makeUpWorkingDays"]?.int64Value ?? 0) make-up working days"
        guard answer["unchanged"]?.boolValue != true else { return "The node already holds this schedule of \(year) (\(days))." }
        return "Published the holiday schedule of \(year) (\(days)); new due dates use it at every node as it spreads."
    }

    static func renderShown(_ answer: JSONValue) -> String {
        var table = TextTable(columns: [.init("Year"), .init("Source"), .init("Issued"), .init("Notice", maxWidth: 70)])
        let rows = answer["years"]?.arrayValue ?? [answer]
        for row in rows {
            table.addRow([
                row["year"]?.int64Value.map(String.init) ?? "?", row["source"]?.stringValue ?? "?",
                row["issuedAt"]?.stringValue ?? "", row["notice"]?.stringValue ?? "",
            ])
        }
        var text = VerifyRendering.lines(of: table)
        for (key, title) in [("holidays", "Days off"), ("makeUpWorkingDays", "Make-up working days")] {
            guard let days = answer[key]?.arrayValue else { continue }
            text += "\n\(title):" + days.map { "\n  \($0["date"]?.stringValue ?? "?")  \($0["name"]?.stringValue ?? "")" }.joined()
        }
        if let through = answer["officialThrough"]?.stringValue { text += "\nOfficial schedule through \(through)." }
        return text
    }
}
