import CaseCore
import CaseSupport

/// Human-readable renderings of the node's JSON answers, each without a final newline
/// (the caller's output adds it).
enum DossierRendering {
    static func summary(of dossier: JSONValue, headline: String) -> String {
        let code = text(dossier["code"])
        var lines = ["\(headline) \(code): \(text(dossier["status"]))"]
        lines.append("Due \(text(dossier["dueAt"]))\(dossier["overdue"]?.boolValue == true ? " (OVERDUE)" : "")")
        lines.append("Allowed next: \(list(dossier["allowedActions"]))")
        if let pin = dossier["lookupPin"]?.stringValue {
            // Shown once: the node keeps only its hash (docs/lookup.md).
            lines.append("Lookup PIN \(pin): give it to the citizen; print the receipt with it now: casectl print \(code) --form 01 --pin \(pin)")
        }
        return lines.joined(separator: "\n")
    }

    static func details(of dossier: JSONValue) -> String {
        let applicant = dossier["applicant"]
        var facts = TextTable(columns: [.init("Field"), .init("Value", maxWidth: 100)])
        var rows: [(String, String)] = [
            ("Code", text(dossier["code"])),
            ("Status", text(dossier["status"]) + (dossier["overdue"]?.boolValue == true ? " (OVERDUE)" : "")),
            ("Procedure", "\(text(dossier["procedureCode"])) \(text(dossier["procedureName"]))"),
            ("Applicant", "\(text(applicant?["fullName"])) (\(text(applicant?["idNumber"])))"),
            ("Received", "\(text(dossier["receivedAt"])) at \(text(dossier["receivingCentre"]))"),
            ("Competent centre", text(dossier["competentCentre"])),
            ("Handling centre", text(dossier["handlingCentre"])),
            ("Due", "\(text(dossier["dueAt"])) (originally \(text(dossier["originalDueAt"])))"),
        ]
        if let limit = timeLimit(of: dossier) { rows.append(("Time limit", limit)) }
        rows += fees(of: dossier)
        rows.append(("Allowed next", list(dossier["allowedActions"])))
        for (field, value) in rows { facts.addRow([field, value]) }
        var history = TextTable(columns: [
            .init("At"), .init("Centre"), .init("Actor"), .init("Action"), .init("From"), .init("To"), .init("Note", maxWidth: 60),
        ])
        for step in dossier["history"]?.arrayValue ?? [] {
            let applied = step["applied"]?.boolValue != false
            history.addRow([
                text(step["at"]), text(step["centre"]), text(step["actor"]),
                text(step["action"]) + (applied ? "" : " (CONFLICT: not applied)"),
                text(step["from"]), text(step["to"]), text(step["note"]),
            ])
        }
        return lines(of: facts) + "\n\nHistory\n" + lines(of: history)
    }

    static func searchResults(_ page: JSONValue) -> String {
        var table = TextTable(columns: [
            .init("Code"), .init("Status"), .init("Applicant", maxWidth: 40), .init("Procedure"), .init("Handling"),
            .init("Due"), .init("Overdue"),
        ])
        let items = page["items"]?.arrayValue ?? []
        for item in items {
            table.addRow([
                text(item["code"]), text(item["status"]), text(item["applicant"]?["fullName"]), text(item["procedureCode"]),
                text(item["handlingCentre"]), text(item["dueAt"]), item["overdue"]?.boolValue == true ? "yes" : "",
            ])
        }
        let total = page["total"]?.int64Value ?? Int64(items.count)
        let offset = page["offset"]?.int64Value ?? 0
        return lines(of: table) + "\n\(items.count) shown (from \(offset + 1)) of \(total) found"
    }

    static func procedures(_ list: JSONValue) -> String {
        var table = TextTable(columns: [
            .init("Code"), .init("Name", maxWidth: 70), .init("Field"), .init("Limit", alignment: .right), .init("Fees (VND)", alignment: .right),
            .init("Decided by"), .init("Filed at"),
        ])
        for procedure in list["items"]?.arrayValue ?? [] {
            let limit = procedure["timeLimitUnit"].map { "\(text(procedure["timeLimit"])) \(text($0))" } ?? text(procedure["timeLimitWorkingDays"])
            table.addRow([
                text(procedure["code"]), text(procedure["name"]), text(procedure["field"]), limit, feeSummary(procedure["fees"]),
                text(procedure["competentAuthorityLabel"]), filedAt(procedure),
            ])
        }
        return lines(of: table)
    }

    /// Where a citizen may file it: "not here" when commune centres do not receive it, else
    /// the reach of location independence; empty in older nodes' answers, which lack both.
    private static func filedAt(_ procedure: JSONValue) -> String {
        if procedure["receivedAtCommuneCentre"]?.boolValue == false { return "not here" }
        switch procedure["locationIndependence"]?.stringValue {
        case "province": return "any centre of the province"
        case "nationwide": return "any centre"
        case "none": return "competent centre only"
        default: return ""
        }
    }

    /// The fees per case summed, then each counted fee with its unit: "0 + 2000/perPage + 1000/perPage".
    private static func feeSummary(_ fees: JSONValue?) -> String {
        let all = fees?.arrayValue ?? []
        let perCase = all.filter { $0["unit"] == nil }.compactMap { $0["amountVND"]?.int64Value }.reduce(0, +)
        let counted = all.filter { $0["unit"] != nil }.map { "\(text($0["amountVND"]))/\(text($0["unit"]))" }
        return ([String(perCase)] + counted).joined(separator: " + ")
    }

    /// "1 sameDay", "3 working days"; nil when the answer has neither field (older nodes' answers have the second).
    private static func timeLimit(of dossier: JSONValue) -> String? {
        if let limit = dossier["timeLimit"], let amount = limit["amount"]?.int64Value, let unit = limit["unit"]?.stringValue {
            return "\(amount) \(unit)"
        }
        return dossier["timeLimitWorkingDays"]?.int64Value.map { "\($0) working days" }
    }

    /// "Fees: 21000 VND", then a row per fee line when the dossier says how it was counted:
    /// "  Phí …: 2000 × 4 = 8000". Nothing when the answer has no `feesVND`.
    private static func fees(of dossier: JSONValue) -> [(String, String)] {
        guard let total = dossier["feesVND"]?.int64Value else { return [] }
        var rows = [("Fees", "\(total) VND")]
        for line in dossier["feeLines"]?.arrayValue ?? [] {
            let cap = line["maxPerCopyVND"]?.int64Value.map { ", at most \($0) a copy" } ?? ""
            rows.append(("", "\(text(line["name"])): \(text(line["amountVND"])) × \(text(line["quantity"])) \(text(line["unit"]))\(cap) = \(text(line["totalVND"]))"))
        }
        return rows
    }

    /// A table's lines without the final newline: casectl's output ends every text with one,
    /// so a rendering that kept its own would print a blank line after each table.
    private static func lines(of table: TextTable) -> String {
        let rendered = table.render()
        return rendered.hasSuffix("\n") ? String(rendered.dropLast()) : rendered
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "yes" : "no"
        default: return ""
        }
    }

    private static func list(_ value: JSONValue?) -> String {
        let names = (value?.arrayValue ?? []).compactMap(\.stringValue)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}
