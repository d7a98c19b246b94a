/// Writes canonical JSON (the bytes `JSONWriter` gives, compact) member by member, without
/// building a `JSONValue` tree first: for documents written on a hot path, a dossier's stored
/// state above all (saved once per filing and per replicated event, where building the tree,
/// hashing its keys and sorting them cost more than writing the bytes).
///
/// Canonical means object keys in ascending UTF-8 byte order, which the caller keeps by
/// writing members in that order; `key` checks it in debug builds, and tests compare the
/// output with `JSONWriter` on the same value.
public struct CanonicalJSONBuffer {
    public private(set) var bytes: [UInt8] = []
    /// The objects and arrays open, innermost last.
    private var open: [Container] = []

    private struct Container {
        let isObject: Bool
        /// A comma goes before the next member or element.
        var hasMember = false
        /// The last key written in an object, to check the order (kept in debug builds only).
        var lastKey: String?
    }

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { begin(UInt8(ascii: "{"), isObject: true) }
    public mutating func endObject() { end(UInt8(ascii: "}")) }
    public mutating func beginArray() { begin(UInt8(ascii: "["), isObject: false) }
    public mutating func endArray() { end(UInt8(ascii: "]")) }

    /// Starts an object member; its value follows. Keys must ascend in UTF-8 byte order.
    public mutating func key(_ name: String) {
        #if DEBUG
        assert(open.last?.isObject == true, "key \"\(name)\" written outside an object")
        assert(open.last?.lastKey.map { $0.utf8.lexicographicallyPrecedes(name.utf8) } ?? true, "key \"\(name)\" written out of canonical order")
        open[open.count - 1].lastKey = name
        #endif
        separate()
        JSONWriter.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ text: String) {
        beforeValue()
        JSONWriter.writeString(text, into: &bytes)
    }

    public mutating func int(_ number: Int64) {
        beforeValue()
        bytes.append(contentsOf: String(number).utf8)
    }

    public mutating func bool(_ flag: Bool) {
        beforeValue()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    /// Any value, written as `JSONWriter` writes it.
    public mutating func value(_ value: JSONValue) {
        beforeValue()
        JSONWriter.write(value, into: &bytes)
    }

    /// The member `name` with a string value, only when there is one (an object built as a
    /// `JSONValue` leaves a nil member out the same way).
    public mutating func optionalString(_ name: String, _ text: String?) {
        guard let text else { return }
        key(name)
        string(text)
    }

    private mutating func begin(_ bracket: UInt8, isObject: Bool) {
        beforeValue()
        bytes.append(bracket)
        open.append(Container(isObject: isObject))
    }

    private mutating func end(_ bracket: UInt8) {
        open.removeLast()
        bytes.append(bracket)
    }

    /// A value in an array is an element, separated from the one before; in an object its key did that.
    private mutating func beforeValue() {
        if open.last?.isObject == false { separate() }
    }

    private mutating func separate() {
        if open[open.count - 1].hasMember { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].hasMember = true
    }
}
