/// One row of a query result: values by column index and by column name.
public struct SQLiteRow: Equatable, Sendable {
    /// The values, in column order.
    public let values: [SQLiteValue]
    private let columns: SQLiteColumnNames

    public init(values: [SQLiteValue], columns: SQLiteColumnNames) {
        precondition(values.count == columns.names.count, "row has \(values.count) values for \(columns.names.count) columns")
        self.values = values
        self.columns = columns
    }

    /// The column names, in column order.
    public var columnNames: [String] { columns.names }

    /// The value at `index` (0-based). An index out of range traps.
    public subscript(index: Int) -> SQLiteValue {
        precondition(values.indices.contains(index), "column \(index) out of range 0..<\(values.count)")
        return values[index]
    }

    /// The value of the column named `name` (ignoring case, as SQLite does), or
    /// nil when the row has no such column. With duplicate names, the leftmost column wins.
    public subscript(name: String) -> SQLiteValue? {
        columns.index(of: name).map { values[$0] }
    }

    public static func == (lhs: SQLiteRow, rhs: SQLiteRow) -> Bool {
        lhs.values == rhs.values && lhs.columns.names == rhs.columns.names
    }
}

extension SQLiteRow: CustomStringConvertible {
    /// `[name: value, ...]`, short enough for test failure messages and logs.
    public var description: String {
        "[" + zip(columns.names, values).map { "\($0): \($1)" }.joined(separator: ", ") + "]"
    }
}

/// Column names shared by all rows of one result, with a name-to-index lookup built once.
public final class SQLiteColumnNames: Sendable {
    let names: [String]
    private let indexByLowercasedName: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var lookup: [String: Int] = [:]
        for (index, name) in names.enumerated() where lookup[name.lowercased()] == nil {
            lookup[name.lowercased()] = index
        }
        indexByLowercasedName = lookup
    }

    func index(of name: String) -> Int? {
        indexByLowercasedName[name.lowercased()]
    }
}
