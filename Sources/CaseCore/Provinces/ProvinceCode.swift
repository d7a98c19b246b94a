/// A province by its two-digit code in the national list of administrative units
/// (Quyết định 19/2025/QĐ-TTg, after the 2025 reform: 34 provinces), or `00`, the
/// province of a node configured without one (a one-province cluster).
///
/// Design: docs/design/provinces.md. Provinces are the unit of replication there: a
/// node holds the dossiers of its own province only.
public struct ProvinceCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// `00`: every node without a province belongs to it, so a cluster that never
    /// names provinces is one province, as before provinces existed.
    public static let unnamed = ProvinceCode(checked: "00")

    /// Nil unless `text` is `00` or the code of one of the 34 provinces.
    public init?(_ text: String) {
        guard text == Self.unnamed.rawValue || Self.names[text] != nil else { return nil }
        rawValue = text
    }

    private init(checked text: String) {
        rawValue = text
    }

    /// The province's name, or "(no province)" for `00`.
    public var name: String { Self.names[rawValue] ?? "(no province)" }

    public var description: String { rawValue }

    public static func < (lhs: ProvinceCode, rhs: ProvinceCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Every named province, in code order.
    public static var all: [ProvinceCode] { names.keys.sorted().map(ProvinceCode.init(checked:)) }

    /// The 34 provinces and their codes since 1 July 2025 (6 centrally-run cities, 28 provinces).
    static let names: [String: String] = [
        "01": "Thành phố Hà Nội", "04": "Cao Bằng", "08": "Tuyên Quang", "11": "Điện Biên", "12": "Lai Châu",
        "14": "Sơn La", "15": "Lào Cai", "19": "Thái Nguyên", "20": "Lạng Sơn", "22": "Quảng Ninh",
        "24": "Bắc Ninh", "25": "Phú Thọ", "31": "Thành phố Hải Phòng", "33": "Hưng Yên", "37": "Ninh Bình",
        "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Trị", "46": "Thành phố Huế",
        "48": "Thành phố Đà Nẵng", "51": "Quảng Ngãi", "52": "Gia Lai", "56": "Khánh Hòa", "66": "Đắk Lắk",
        "68": "Lâm Đồng", "75": "Đồng Nai", "79": "Thành phố Hồ Chí Minh", "80": "Tây Ninh", "82": "Đồng Tháp",
        "86": "Vĩnh Long", "91": "An Giang", "92": "Thành phố Cần Thơ", "96": "Cà Mau",
    ]
}
