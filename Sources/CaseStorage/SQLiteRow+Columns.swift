import CaseSQLite
/// Typed column access for the store's own queries: a value of the wrong
/// type in a column this build wrote means damage, reported as such.
extension SQLiteRow {
    func integer(_ index: Int) -> Int64? {
        if case .integer(let value) = self[index] { return value }
        return nil
    }

    func text(_ index: Int) -> String? {
        if case .text(let value) = self[index] { return value }
        return nil
    }

    func requiredInteger(_ index: Int) throws -> Int64 {
        guard let value = integer(index) else { throw StoreCorruption("column \(index) should hold an integer, holds \(self[index])") }
        return value
    }

    func requiredText(_ index: Int) throws -> String {
        guard let value = text(index) else { throw StoreCorruption("column \(index) should hold text, holds \(self[index])") }
        return value
    }

    /// A blob column that may be NULL (read as empty).
    func optionalBlob(_ index: Int) throws -> [UInt8] {
        switch self[index] {
        case .null: return []
        case .blob(let bytes): return bytes
        default: throw StoreCorruption("column \(index) should hold bytes, holds \(self[index])")
        }
    }
}
