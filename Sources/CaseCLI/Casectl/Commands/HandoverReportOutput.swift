import CaseArguments
import CaseSupport

/// `casectl report --handover RETIRED`: the backlog a merger handed over from a retired
/// centre (`GET /v1/reports?handover=`), as a table, CSV or JSON.
enum HandoverReportOutput {
    static func run(retired: String, _ arguments: ParsedArguments, _ session: CasectlSession) throws {
        let other = ["from", "to", "centre"].first { arguments.value($0) != nil } ?? ["by-procedure", "by-field"].first { arguments.flag($0) }
        if let other {
            throw CasectlUsageError(message: "--handover lists a merger's backlog as it stands now; it takes no --\(other)")
        }
        let report = try session.client.get("/v1/reports?handover=\(FindOptions.percentEncoded(retired))")
        if session.json {
            session.output.standard(JSONWriter.string(report, pretty: true))
        } else if arguments.flag("csv") {
            var text = csv(report)
            text.unicodeScalars.removeLast()  // the output adds the last "\n" (see ReportCommand.run)
            session.output.standard(text)
        } else {
            session.output.standard(table(report))
        }
    }

    /// JSON key and table header of each dossier's columns, in display order.
    static let columns: [(key: String, header: String)] = [
        ("code", "Code"), ("procedureCode", "Procedure"), ("procedureName", "Name"), ("handedOverAt", "HandedOver"), ("successor", "To"),
        ("handlingCentre", "Handling"), ("status", "Status"), ("dueAt", "Due"), ("overdue", "Overdue"),
    ]

    static func table(_ report: JSONValue) -> String {
        let text = { (key: String) in report[key]?.stringValue ?? "" }
        // A procedure's name can run to 200 characters: wrapped, so the status and due date stay in view.
        var table = TextTable(columns: columns.map { TextTable.Column($0.header, maxWidth: $0.key == "procedureName" ? 40 : nil) })
        for dossier in report["dossiers"]?.arrayValue ?? [] {
            table.addRow(cells(dossier))
        }
        let byStatus = (report["byStatus"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value.int64Value ?? 0)" }.joined(separator: ", ")
        let summary = "\(report["handedOver"]?.int64Value ?? 0) handed over; now \(byStatus.isEmpty ? "none" : byStatus); "
            + "\(report["overdue"]?.int64Value ?? 0) overdue"
        return [
            "Handover of \(text("retired")) to \(text("successor")) on node \(text("node")), as of \(text("asOf"))", "",
            String(table.render().dropLast()), "", summary,
        ].joined(separator: "\n")
    }

    static func csv(_ report: JSONValue) -> String {
        let records = (report["dossiers"]?.arrayValue ?? []).map { [report["retired"]?.stringValue ?? ""] + cells($0) }
        return CSVText.document(header: ["retired"] + columns.map(\.key), records: records)
    }

    private static func cells(_ dossier: JSONValue) -> [String] {
        columns.map { column in
            if column.key == "overdue" { return dossier[column.key]?.boolValue == true ? "yes" : "no" }
            return dossier[column.key]?.stringValue ?? ""
        }
    }
}
