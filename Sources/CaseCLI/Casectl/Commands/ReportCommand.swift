import CaseArguments
import CaseCore
import CaseSupport

/// `casectl report`: the statistics centres must produce (DOMAIN.md, "Reports"), computed by
/// the node from the dossiers it holds (`GET /v1/reports`), as a table, CSV or JSON.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        summary: "Report per centre (and procedure): received by channel, carried over, resolved early, on time or late, overdue, apologies…; or a merger's handed-over backlog",
        discussion: """
            Dates are days in Vietnam time, both included; without them the report covers the \
            current month, with --from alone from that day until today, with --to alone from the \
            first day of its month. Each figure counts at the centre that held the dossier when the \
            counted thing happened, so a later merger does not rewrite an earlier period; filings \
            for other centres count at the centre that received them. An online submission is \
            received when accepted; one refused at intake never was. A period that has not ended \
            is judged now. --handover RETIRED lists the dossiers a merger handed over from \
            RETIRED, to whom, and their status now. The node reports on every dossier it holds, \
            so ask any node once the cluster has converged.
            """,
        options: [
            .value("from", "YYYY-MM-DD", help: "First day of the period.", default: "the first day of the month"),
            .value("to", "YYYY-MM-DD", help: "Last day of the period.", default: "the last day of the month, or today with --from"),
            .value("centre", "NODE", help: "Only this centre's rows."),
            .flag("by-procedure", help: "Show each centre's procedures too."),
            .flag("by-field", help: "Show each centre's fields (lĩnh vực) too: its procedures summed per field, as the official report's rows."),
            .value("handover", "RETIRED", help: "Instead of a period's figures: the dossiers handed over from this retired centre, as they stand now."),
            .flag("csv", help: "Print CSV (RFC 4180, UTF-8) instead of a table: one row per centre, or per procedure with --by-procedure."),
        ],
        examples: [
            "casectl report",
            "casectl report --from 2026-10-01 --to 2026-10-31 --by-procedure",
            "casectl report --centre n3 --csv > n3-2026-11.csv",
            "casectl report --by-field --csv > 2026-11-by-field.csv",
            "casectl report --handover n3",
        ])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        if arguments.flag("csv") && session.json { throw CasectlUsageError(message: "choose one of --csv and --json") }
        if arguments.flag("by-procedure") && arguments.flag("by-field") {
            throw CasectlUsageError(message: "choose one of --by-procedure and --by-field")
        }
        if let retired = arguments.value("handover") {
            return try HandoverReportOutput.run(retired: retired, arguments, session)
        }
        var items: [(String, String)] = []
        for name in ["from", "to", "centre"] {
            if let value = arguments.value(name) { items.append((name, value)) }
        }
        let query = items.map { "\($0.0)=\(FindOptions.percentEncoded($0.1))" }.joined(separator: "&")
        let report = try session.client.get("/v1/reports" + (query.isEmpty ? "" : "?\(query)"))
        let breakdown: Breakdown? = arguments.flag("by-procedure") ? .procedure : arguments.flag("by-field") ? .field : nil
        if session.json {
            session.output.standard(JSONWriter.string(report, pretty: true))
        } else if arguments.flag("csv") {
            // Every record ends in CRLF; the output adds "\n" after the text, so the last "\n" is
            // left to it. (Scalars, not Characters: "\r\n" is one Character in Swift.)
            var text = csv(report, breakdown: breakdown)
            text.unicodeScalars.removeLast()
            session.output.standard(text)
        } else {
            session.output.standard(table(report, breakdown: breakdown))
        }
    }

    /// The figures in display order: JSON key, table header, CSV header.
    static let figures: [(key: String, header: String)] = [
        ("receivedAtCounter", "Counter"), ("receivedOnline", "Online"), ("receivedByPost", "Post"), ("received", "Recv"),
        ("carriedOver", "Carry"),
        ("totalToProcess", "Total"), ("resolvedEarly", "Early"), ("resolvedOnTime", "OnTime"), ("resolvedLate", "Late"),
        ("resolvedApologised", "Apologised"), ("onTimeRatePercent", "Rate"), ("closedWithoutResult", "Closed"),
        ("inProgressNotYetDue", "NotDue"), ("inProgressOverdue", "Overdue"), ("apologies", "Apology"),
        ("supplementRequests", "Suppl"), ("refusals", "Refused"), ("withdrawals", "Withdrawn"),
        ("receivedForOtherCentres", "Others"), ("handedOver", "Out"), ("takenOver", "In"),
        ("transferredOut", "TrOut"), ("transferredIn", "TrIn"),
    ]

    static let legend = """
        Counter/Online/Post received in the period (Recv all three; Post empty from nodes that know no post), Carry carried over into it, Total to process; \
        OnTime/Late resolved by/after the due date (an apology does not move it), Early of OnTime before \
        the due day, Apologised of those resolved after an apology, Rate on-time rate; Closed stopped \
        (withdrawn or no result); NotDue/Overdue still in progress; Apology, Suppl, Refused, Withdrawn \
        apologies, supplement requests, intake refusals, withdrawal requests in the period; Others \
        filed here for other centres (phi địa giới); Out/In handed over to/taken over from merged \
        centres; TrOut/TrIn transferred. Per centre, Total + In + TrIn = OnTime + Late + Closed + \
        NotDue + Overdue + Out + TrOut.
        """

    /// The rows under each centre's: its procedures, or its fields (lĩnh vực).
    enum Breakdown {
        case procedure, field

        var header: String { self == .procedure ? "Procedure" : "Field" }

        /// The centre's sub-rows from the node's answer: a label for the table, the procedure
        /// code, name and field for CSV, and the figures.
        func rows(of centre: JSONValue) -> [(label: String, csv: [String], figures: JSONValue?)] {
            let text = { (row: JSONValue, key: String) in row[key]?.stringValue ?? "" }
            switch self {
            case .procedure:
                return (centre["procedures"]?.arrayValue ?? []).map { row in
                    (text(row, "procedureCode"), [text(row, "procedureCode"), text(row, "procedureName"), text(row, "procedureField")], row["figures"])
                }
            case .field:
                return (centre["fields"]?.arrayValue ?? []).map { row in
                    (row["procedureField"]?.stringValue ?? "(not in catalogue)", ["", "", text(row, "procedureField")], row["figures"])
                }
            }
        }
    }

    /// A table with a row per centre (and per procedure or field), then a TOTAL row, the
    /// legend and the late dossiers.
    static func table(_ report: JSONValue, breakdown: Breakdown?) -> String {
        let figureColumns = figures.map { TextTable.Column($0.header, alignment: .right) }
        let all = breakdown == nil ? [] : ["all"]
        var table = TextTable(columns: [TextTable.Column("Centre")] + (breakdown.map { [TextTable.Column($0.header)] } ?? []) + figureColumns)
        for centre in report["centres"]?.arrayValue ?? [] {
            let id = centre["centre"]?.stringValue ?? ""
            table.addRow([id] + all + cells(centre["figures"]))
            for row in breakdown?.rows(of: centre) ?? [] {
                table.addRow([id, row.label] + cells(row.figures))
            }
        }
        table.addRow(["TOTAL"] + all + cells(report["totals"]))
        let rendered = table.render()
        return ([heading(report), "", String(rendered.dropLast()), "", wrapped(legend, width: 100)] + lateLines(report))
            .joined(separator: "\n")
    }

    /// The dossiers resolved late in the period, each with the reason its apology gave.
    static func lateLines(_ report: JSONValue) -> [String] {
        let late = report["lateDossiers"]?.arrayValue ?? []
        guard !late.isEmpty else { return [] }
        return ["", "Resolved late (reason from the apology, Mẫu 04):"] + late.map { dossier in
            let text = { (key: String) in dossier[key]?.stringValue ?? "" }
            let procedure = [text("procedureCode"), text("procedureName")].filter { !$0.isEmpty }.joined(separator: " ")
            return "  \(text("code"))  \(text("centre"))  \(procedure)  \(dossier["reason"]?.stringValue ?? "no reason given (no apology)")"
        }
    }

    static func heading(_ report: JSONValue) -> String {
        let text = { (key: String) in report[key]?.stringValue ?? "" }
        var heading = "Report of node \(text("node")) for \(text("from")) to \(text("to"))"
        if let centre = report["centre"]?.stringValue { heading += ", centre \(centre)" }
        return heading + "; in progress judged at \(text("asOf"))"
    }

    /// One row of CSV per centre, or per centre and procedure or field: rows never overlap, so
    /// their sums are the totals (a totals row would be counted twice by a spreadsheet).
    static func csv(_ report: JSONValue, breakdown: Breakdown?) -> String {
        let header = ["from", "to", "centre", "procedureCode", "procedureName", "procedureField"] + figures.map(\.key)
        let period = [report["from"]?.stringValue ?? "", report["to"]?.stringValue ?? ""]
        var records: [[String]] = []
        for centre in report["centres"]?.arrayValue ?? [] {
            let id = centre["centre"]?.stringValue ?? ""
            guard let breakdown else {
                records.append(period + [id, "", "", ""] + cells(centre["figures"], rateSuffix: ""))
                continue
            }
            for row in breakdown.rows(of: centre) {
                records.append(period + [id] + row.csv + cells(row.figures, rateSuffix: ""))
            }
        }
        return CSVText.document(header: header, records: records)
    }

    /// The figures of one row as text; the rate with one decimal and `rateSuffix`, or "-"
    /// (table) / empty (CSV) when nothing was resolved; a figure the node did not give (an
    /// older release: `receivedByPost`) empty, not a 0 it never counted.
    static func cells(_ figures: JSONValue?, rateSuffix: String = "%") -> [String] {
        figures.map { figures in
            self.figures.map { figure in
                guard figure.key == "onTimeRatePercent" else { return figures[figure.key]?.int64Value.map { String($0) } ?? "" }
                guard let rate = figures[figure.key]?.doubleValue else { return rateSuffix.isEmpty ? "" : "-" }
                let tenths = Int64((rate * 10).rounded())
                return "\(tenths / 10).\(tenths % 10)\(rateSuffix)"
            }
        } ?? Array(repeating: "", count: self.figures.count)
    }

    /// Breaks `text` into lines of at most `width` characters at spaces.
    static func wrapped(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
