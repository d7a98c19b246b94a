import CaseCore
import CaseSQLite

/// Turns a `DossierQuery` into a WHERE clause with bound parameters (never string-built values).
struct DossierFilterSQL {
    private(set) var conditions: [String] = []
    private(set) var bindings: [SQLiteValue] = []

    init(query: DossierQuery, now: Instant) {
        if let text = query.text {
            let key = VietnameseText.searchKey(text)
            // instr() rather than LIKE: no wildcard characters to escape in what people type.
            add("(instr(name_key, ?) > 0 OR code = ?)", [.text(key), .text(text.uppercased())])
        }
        if let idNumber = query.idNumber { add("id_number = ?", [.text(idNumber)]) }
        if let status = query.status { add("status = ?", [.text(status.rawValue)]) }
        if let centre = query.centre {
            add("(handling_centre = ? OR competent_centre = ? OR receiving_centre = ?)", Array(repeating: .text(centre), count: 3))
        }
        if let overdue = query.overdue {
            let unfinished = DossierStatus.allCases.filter(\.isUnfinished).map { "'\($0.rawValue)'" }.joined(separator: ",")
            let isOverdue = "(status IN (\(unfinished)) AND NOT \(DossierWaitSQL.isWaiting) AND due_at < ?)"
            add(overdue ? isOverdue : "NOT \(isOverdue)", [.integer(now.millisecondsSinceEpoch)])
        }
    }

    var whereClause: String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    private mutating func add(_ condition: String, _ values: [SQLiteValue]) {
        conditions.append(condition)
        bindings.append(contentsOf: values)
    }
}
