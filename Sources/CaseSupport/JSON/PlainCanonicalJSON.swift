/// Canonical JSON (the bytes `JSONWriter` writes) of the plain kind, indexed in one pass
/// without building a `JSONValue` tree: for payloads read on a hot path (every replicated
/// filing), where the tree's dictionaries and strings, and writing it again to check that
/// the bytes are canonical, cost several times what reading the few fields needed does.
///
/// Plain is what the index can vouch for without a second copy of the writer's rules:
/// - no whitespace, no string holding a backslash or a control byte (so no string needs
///   an escape: its bytes are its text, which is how the writer writes such text);
/// - every object key ASCII, keys in strictly ascending byte order (so byte order is the
///   writer's order, and byte equality the parser's key equality: no two spellings of one key);
/// - every number an integer that fits in `Int64`, not `-0` (so the writer spells it so).
///
/// `init` returns nil for anything else, valid JSON or not: the caller then takes the general
/// path (`JSONParser`, then a comparison with `JSONWriter`), which decides and names the
/// error. So the bytes accepted, the values read and the errors given are those of that path.
public struct PlainCanonicalJSON: Sendable {
    /// One reference for an `Element` to hold and copy: a filing's are read a few dozen times.
    let storage: Storage

    final class Storage: Sendable {
        let bytes: [UInt8]
        /// Every value in document order; a container's children follow it.
        let nodes: [Node]

        init(bytes: [UInt8], nodes: [Node]) {
            self.bytes = bytes
            self.nodes = nodes
        }
    }

    public var bytes: [UInt8] { storage.bytes }

    /// Indexes `bytes` if they are plain canonical JSON within `parser`'s limits, else nil.
    public init?(_ bytes: [UInt8], limits parser: JSONParser = JSONParser()) {
        guard bytes.count <= parser.maxInputBytes else { return nil }
        var scanner = JSONScanner(bytes: bytes, maxDepth: parser.maxDepth, maxStringBytes: parser.maxStringBytes)
        var nodes: [Node] = []
        // About one value per 16 bytes in a filing: one allocation, rarely grown.
        nodes.reserveCapacity(bytes.count / 16 + 4)
        guard scanner.indexPlain(into: &nodes), scanner.position == bytes.count else { return nil }
        storage = Storage(bytes: bytes, nodes: nodes)
    }

    /// The whole document.
    public var root: Element { Element(document: storage, index: 0) }

    struct Node: Sendable {
        enum Kind: UInt8, Sendable { case object, array, string, int, boolTrue, boolFalse, null }
        let kind: Kind
        /// A string's text (inside the quotes); any other value's own bytes.
        var start: Int32
        var end: Int32 = 0
        /// The integer, for an int; members or elements, for a container.
        var number: Int64 = 0
        /// The node after this one's subtree: a container's next sibling.
        var after: Int32 = 0

        init(_ kind: Kind, start: Int, end: Int = 0, number: Int64 = 0, after: Int = 0) {
            self.kind = kind
            self.start = Int32(start)
            self.end = Int32(end)
            self.number = number
            self.after = Int32(after)
        }
    }
}

extension PlainCanonicalJSON {
    /// One value of the document, read as `JSONValue`'s accessors read the same value in a tree.
    public struct Element: Sendable {
        let document: Storage
        let index: Int

        private var node: Node { document.nodes[index] }

        /// As `JSONValue.typeName` names the same value (taken from it, so the two never differ).
        public var typeName: String {
            switch node.kind {
            case .object: JSONValue.object([:]).typeName
            case .array: JSONValue.array([]).typeName
            case .string: JSONValue.string("").typeName
            case .int: JSONValue.int(0).typeName
            case .boolTrue, .boolFalse: JSONValue.bool(true).typeName
            case .null: JSONValue.null.typeName
            }
        }

        public var isNull: Bool { node.kind == .null }
        public var isObject: Bool { node.kind == .object }

        public var stringValue: String? {
            let node = node
            guard node.kind == .string else { return nil }
            // Checked UTF-8 without escapes while indexing: the bytes are the text.
            return String(decoding: document.bytes[Int(node.start)..<Int(node.end)], as: UTF8.self)
        }

        public var int64Value: Int64? { node.kind == .int ? node.number : nil }

        public var boolValue: Bool? {
            switch node.kind {
            case .boolTrue: true
            case .boolFalse: false
            default: nil
            }
        }

        /// The elements, if this is an array.
        public var elements: [Element]? {
            guard node.kind == .array else { return nil }
            return children(count: Int(node.number), stride: 1)
        }

        /// The member named `key`, if this is an object that has it.
        public func member(_ key: String) -> Element? {
            guard node.kind == .object else { return nil }
            var child = index + 1
            for _ in 0..<node.number {
                if hasKey(key, at: child) { return Element(document: document, index: child + 1) }
                child = Int(document.nodes[child + 1].after)
            }
            return nil
        }

        /// The keys, if this is an object (in canonical order).
        public var keys: [String]? {
            guard node.kind == .object else { return nil }
            return children(count: Int(node.number), stride: 2).map { $0.stringValue! }  // keys are string nodes
        }

        /// The keys that are not in `names`, without making strings of the others.
        public func keys(outside names: Set<String>) -> [String] {
            guard node.kind == .object else { return [] }
            var unknown: [String] = []
            var child = index + 1
            for _ in 0..<node.number {
                let key = Element(document: document, index: child)
                if !names.contains(where: { hasKey($0, at: child) }) { unknown.append(key.stringValue!) }  // keys are string nodes
                child = Int(document.nodes[child + 1].after)
            }
            return unknown
        }

        /// Whether the key node at `keyIndex` spells `key`: compared as bytes, lengths first.
        private func hasKey(_ key: String, at keyIndex: Int) -> Bool {
            let keyNode = document.nodes[keyIndex]
            let start = Int(keyNode.start)
            let count = Int(keyNode.end) - start
            guard key.utf8.count == count else { return false }
            let bytes = document.bytes
            return key.utf8.withContiguousStorageIfAvailable { spelled in
                for offset in 0..<count where spelled[offset] != bytes[start + offset] { return false }
                return true
            } ?? key.utf8.elementsEqual(bytes[start..<start + count])
        }

        /// The value as a tree, equal to what `JSONParser` reads from the same bytes.
        public var value: JSONValue {
            switch node.kind {
            case .object:
                let keys = keys!  // an object
                var members: [String: JSONValue] = Dictionary(minimumCapacity: keys.count)
                for (key, value) in zip(keys, children(count: keys.count, stride: 2).map { Element(document: document, index: $0.index + 1) }) {
                    members[key] = value.value
                }
                return .object(members)
            case .array: return .array(elements!.map(\.value))  // an array
            case .string: return .string(stringValue!)  // a string
            case .int: return .int(node.number)
            case .boolTrue: return .bool(true)
            case .boolFalse: return .bool(false)
            case .null: return .null
            }
        }

        /// The container's children: every one (`stride` 1), or every object key (`stride` 2).
        private func children(count: Int, stride: Int) -> [Element] {
            var result: [Element] = []
            result.reserveCapacity(count)
            var child = index + 1
            for _ in 0..<count {
                result.append(Element(document: document, index: child))
                let last = child + stride - 1
                child = Int(document.nodes[last].after)
            }
            return result
        }
    }
}

/// The one pass that indexes plain canonical JSON, on the parser's own scanner: its UTF-8
/// check, number grammar and literals, so that what it accepts the parser reads the same way.
extension JSONScanner {
    mutating func indexPlain(into nodes: inout [PlainCanonicalJSON.Node]) -> Bool {
        guard let byte = currentByte else { return false }
        switch byte {
        case UInt8(ascii: "{"): return indexObject(into: &nodes)
        case UInt8(ascii: "["): return indexArray(into: &nodes)
        case UInt8(ascii: "\""): return indexString(into: &nodes, asciiOnly: false) != nil
        case UInt8(ascii: "t"): return indexLiteral("true", .boolTrue, into: &nodes)
        case UInt8(ascii: "f"): return indexLiteral("false", .boolFalse, into: &nodes)
        case UInt8(ascii: "n"): return indexLiteral("null", .null, into: &nodes)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return indexInteger(into: &nodes)
        default: return false
        }
    }

    private mutating func indexObject(into nodes: inout [PlainCanonicalJSON.Node]) -> Bool {
        guard depth < maxDepth else { return false }
        depth += 1
        let index = nodes.count
        nodes.append(PlainCanonicalJSON.Node(.object, start: position))
        position += 1
        var count: Int64 = 0
        var previousKey: Range<Int>?
        if currentByte != UInt8(ascii: "}") {
            while true {
                guard currentByte == UInt8(ascii: "\""), let key = indexString(into: &nodes, asciiOnly: true) else { return false }
                if let previousKey, !bytes[previousKey].lexicographicallyPrecedes(bytes[key]) { return false }
                previousKey = key
                guard currentByte == UInt8(ascii: ":") else { return false }
                position += 1
                guard indexPlain(into: &nodes) else { return false }
                count += 1
                guard currentByte == UInt8(ascii: ",") else { break }
                position += 1
            }
        }
        return close(index, count: count, bracket: UInt8(ascii: "}"), nodes: &nodes)
    }

    private mutating func indexArray(into nodes: inout [PlainCanonicalJSON.Node]) -> Bool {
        guard depth < maxDepth else { return false }
        depth += 1
        let index = nodes.count
        nodes.append(PlainCanonicalJSON.Node(.array, start: position))
        position += 1
        var count: Int64 = 0
        if currentByte != UInt8(ascii: "]") {
            while true {
                guard indexPlain(into: &nodes) else { return false }
                count += 1
                guard currentByte == UInt8(ascii: ",") else { break }
                position += 1
            }
        }
        return close(index, count: count, bracket: UInt8(ascii: "]"), nodes: &nodes)
    }

    private mutating func close(_ index: Int, count: Int64, bracket: UInt8, nodes: inout [PlainCanonicalJSON.Node]) -> Bool {
        guard currentByte == bracket else { return false }
        position += 1
        depth -= 1
        nodes[index].end = Int32(position)
        nodes[index].number = count
        nodes[index].after = Int32(nodes.count)
        return true
    }

    /// The text's range, when the string has no escape (and, for a key, only ASCII).
    private mutating func indexString(into nodes: inout [PlainCanonicalJSON.Node], asciiOnly: Bool) -> Range<Int>? {
        position += 1  // opening quote
        let start = position
        while let byte = currentByte {
            switch byte {
            case UInt8(ascii: "\""):
                let text = start..<position
                guard text.count <= maxStringBytes else { return nil }
                position += 1
                nodes.append(PlainCanonicalJSON.Node(.string, start: text.lowerBound, end: text.upperBound, after: nodes.count + 1))
                return text
            case UInt8(ascii: "\\"), 0x00..<0x20:
                return nil
            case 0x20..<0x80:
                position += 1
            default:
                guard !asciiOnly, let length = try? validatedUTF8SequenceLength() else { return nil }
                position += length
            }
        }
        return nil
    }

    private mutating func indexInteger(into nodes: inout [PlainCanonicalJSON.Node]) -> Bool {
        let start = position
        // The writer spells zero "0": "-0" reads as the integer 0 but is not its canonical form.
        guard case .int(let number)? = try? scanNumber(), !(number == 0 && bytes[start] == UInt8(ascii: "-")) else { return false }
        nodes.append(PlainCanonicalJSON.Node(.int, start: start, end: position, number: number, after: nodes.count + 1))
        return true
    }

    private mutating func indexLiteral(_ word: StaticString, _ kind: PlainCanonicalJSON.Node.Kind, into nodes: inout [PlainCanonicalJSON.Node]) -> Bool {
        let start = position
        guard (try? scanLiteral(word)) != nil else { return false }
        nodes.append(PlainCanonicalJSON.Node(kind, start: start, end: position, after: nodes.count + 1))
        return true
    }
}
