import CaseSupport

/// One fee as it applied to a filing: how many units it counted and what it came to. The
/// receiving node computes the lines (`FeeCalculation`) and the `filed` event carries them,
/// so every node shows the same sums whatever catalogue it has.
public struct FeeLine: Hashable, Sendable {
    public var name: String
    /// `Fee.Unit`'s raw value; kept as written, so a unit of a newer version still shows.
    public var unit: String
    /// The amount per unit.
    public var amountVND: Int64
    /// Units counted: 1 per case; copies; pages in the fee's range times copies.
    public var quantity: Int64
    /// The fee's cap for one copy of one document, when it has one.
    public var maxPerCopyVND: Int64?
    /// What the line charges: `amountVND × quantity`, less what a cap took off.
    public var totalVND: Int64

    public init(name: String, unit: String, amountVND: Int64, quantity: Int64, maxPerCopyVND: Int64? = nil, totalVND: Int64) {
        self.name = name
        self.unit = unit
        self.amountVND = amountVND
        self.quantity = quantity
        self.maxPerCopyVND = maxPerCopyVND
        self.totalVND = totalVND
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name), "unit": .string(unit), "amountVND": .int(amountVND), "quantity": .int(quantity),
            "totalVND": .int(totalVND),
        ]
        object["maxPerCopyVND"] = maxPerCopyVND.map { .int($0) }
        return .object(object)
    }

    /// Reads a line an event carries: shape only, as written by the node that received the filing.
    public init(json: JSONValue, path: String) throws(ValidationIssue) {
        try self.init(reader: JSONObjectReader(json, path: path))
    }

    init(reader: JSONObjectReader) throws(ValidationIssue) {
        self.init(
            name: try reader.requiredString("name"), unit: try reader.requiredString("unit"),
            amountVND: try reader.int64("amountVND") ?? 0, quantity: try reader.int64("quantity") ?? 0,
            maxPerCopyVND: try reader.int64("maxPerCopyVND"), totalVND: try reader.int64("totalVND") ?? 0)
    }
}
