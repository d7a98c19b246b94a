/// The 6-digit PIN a citizen types, with the dossier code, to follow the dossier without a
/// token (docs/lookup.md). It exists in clear only when it is made: the node returns it
/// once and prints it on Mẫu 01; only its hash (`LookupPinHash`) is stored.
public struct LookupPin: Sendable, Equatable, CustomStringConvertible {
    public static let digitCount = 6
    /// Longest text `init(parsing:)` looks at: a PIN with some spaces a phone keyboard added.
    public static let maxInputLength = 32

    /// The six ASCII digits. Never log them.
    public let text: String

    /// A PIN typed by someone: six ASCII digits, surrounding spaces ignored; nil otherwise.
    public init?(parsing input: String) {
        guard input.utf8.count <= Self.maxInputLength else { return nil }
        let digits = input.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
        guard digits.count == Self.digitCount, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        text = String(decoding: digits, as: UTF8.self)
    }

    /// A uniformly random PIN from `randomBytes(count)`, which must be a secure random source
    /// (`LookupPin.generate()` in CaseSystem passes the system's). Rejection sampling keeps
    /// every PIN equally likely: 4,294,000,000 is the largest multiple of 10^6 below 2^32.
    public static func generate(using randomBytes: (Int) -> [UInt8]) -> LookupPin {
        let space: UInt32 = 1_000_000
        let limit: UInt32 = 4_294_000_000
        while true {
            let bytes = randomBytes(4)
            precondition(bytes.count == 4, "the random source gave \(bytes.count) bytes for 4")
            let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard value < limit else { continue }
            let number = String(value % space)
            return LookupPin(digits: String(repeating: "0", count: digitCount - number.count) + number)
        }
    }

    private init(digits: String) {
        text = digits
    }

    /// Masked, so a PIN interpolated into a log line by mistake says nothing.
    public var description: String { String(repeating: "*", count: Self.digitCount) }
}
