import CaseCore
import CaseSupport

/// `casectl conflicts`' table and `casectl conflicts settle`'s summary.
enum ConflictRendering {
    /// One row per conflict of the enriched listing (see `ConflictListing`), then a count.
    static func table(_ listing: JSONValue) -> String {
        var table = TextTable(columns: [
            .init("Dossier"), .init("Now"), .init("Not applied", maxWidth: 60), .init("Winning step", maxWidth: 60),
            .init("Outcome"), .init("Settled", maxWidth: 60),
        ])
        let items = listing["items"]?.arrayValue ?? []
        var conflictCount = 0
        var openCount = 0
        for item in items {
            for conflict in item["conflicts"]?.arrayValue ?? [] {
                conflictCount += 1
                let isSettled = conflict["settledBy"]?.stringValue != nil
                if !isSettled { openCount += 1 }
                table.addRow([
                    text(item["code"]), text(item["status"]),
                    stepText(conflict["notApplied"], fallbackEvent: conflict["event"], fallbackAction: conflict["action"]),
                    stepText(conflict["winningStep"], fallbackEvent: conflict["winningEvent"], fallbackAction: nil),
                    "\(text(conflict["outcome"])) stands", isSettled ? settledText(conflict) : "no",
                ])
            }
        }
        let onlyOpen = listing["open"]?.boolValue == true
        guard conflictCount > 0 else { return onlyOpen ? "No open conflicts." : "No conflicts recorded." }
        let total = listing["total"]?.int64Value ?? Int64(items.count)
        let offset = listing["offset"]?.int64Value ?? 0
        var footer = "\(conflictCount) conflict\(conflictCount == 1 ? "" : "s") in \(items.count) dossier\(items.count == 1 ? "" : "s")"
        footer += " (from \(offset + 1), of \(total) with \(onlyOpen ? "open " : "")conflicts); \(openCount) open"
        if openCount > 0 { footer += "\nSettle with: casectl conflicts settle CODE --note TEXT [--event ID ...]" }
        return VerifyRendering.lines(of: table) + "\n" + footer
    }

    /// What `settle` did, from the dossier it answers with.
    static func settled(_ dossier: JSONValue) -> String {
        let settleEvent = dossier["history"]?.arrayValue?.last?["event"]
        let conflicts = dossier["conflicts"]?.arrayValue ?? []
        let settled = conflicts.filter { $0["settledBy"] == settleEvent }.map { text($0["event"]) }
        let stillOpen = conflicts.filter { $0["settledBy"]?.stringValue == nil }.count
        var line = "Settled \(settled.joined(separator: ", ")) of \(text(dossier["code"])) by \(text(settleEvent));"
        line += " status stays \(text(dossier["status"]))"
        if stillOpen > 0 { line += "; \(stillOpen) conflict\(stillOpen == 1 ? "" : "s") still open" }
        return line
    }

    /// "n1/7 request-withdrawal at n1, 2025-07-01 10:00:05".
    private static func stepText(_ step: JSONValue?, fallbackEvent: JSONValue?, fallbackAction: JSONValue?) -> String {
        guard let step, step != .null else {
            let event = text(fallbackEvent)
            return event.isEmpty ? "" : "\(event) \(text(fallbackAction))".trimmingTrailingSpaces
        }
        return "\(text(step["event"])) \(text(step["action"])) at \(text(step["centre"])), \(shortTime(step["at"]))"
    }

    /// "by n3/9 (admin): the note".
    private static func settledText(_ conflict: JSONValue) -> String {
        let settlement = conflict["settlement"]
        var line = "by \(text(conflict["settledBy"]))"
        if let actor = settlement?["actor"]?.stringValue { line += " (\(actor))" }
        if let note = settlement?["note"]?.stringValue { line += ": \(note)" }
        return line
    }

    /// "2025-07-01T10:00:05.123+07:00" → "2025-07-01 10:00:05" (every time the node shows is +07:00).
    static func shortTime(_ value: JSONValue?) -> String {
        let iso = text(value)
        guard iso.count >= 19 else { return iso }
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8))
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        default: return ""
        }
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}
