import CaseSupport

/// Realistic filings of about 1.5 KB: Vietnamese applicants (NFC text), valid
/// CCCD numbers, phones, addresses of the two-level government and the
/// document lists of common commune procedures. Deterministic from a seed, so
/// two runs send the same bodies.
public struct FilingFactory: Sendable {
    private var random: SplitMix64

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Procedures from the shipped catalogue (Sources/CaseNode/Resources/procedures.json)
    /// with the documents a clerk receives for them.
    static let procedures: [(code: String, documents: [String])] = [
        ("1.001193", ["Tờ khai đăng ký khai sinh theo mẫu", "Giấy chứng sinh do cơ sở y tế cấp", "Giấy chứng nhận kết hôn của cha, mẹ", "Văn bản ủy quyền có chứng thực"]),
        ("1.000894", ["Tờ khai đăng ký kết hôn theo mẫu", "Giấy xác nhận tình trạng hôn nhân", "Căn cước công dân của hai bên nam, nữ"]),
        ("1.000656", ["Tờ khai đăng ký khai tử theo mẫu", "Giấy báo tử hoặc giấy tờ thay thế giấy báo tử", "Văn bản ủy quyền của người thân thích"]),
        ("1.001022", ["Tờ khai theo mẫu", "Giấy tờ chứng minh nơi cư trú", "Bản sao giấy khai sinh"]),
    ]
    static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
    static let middleNames = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Ngọc", "Minh", "Thanh", "Quốc", "Thị Hồng", "Xuân", "Bảo"]
    static let givenNames = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nhung", "Phúc", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến"]
    static let streets = ["Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt", "Điện Biên Phủ", "Phan Đình Phùng"]
    static let hamlets = ["thôn Đông", "thôn Thượng", "ấp Phước Hòa", "bản Nà Sàng", "tổ dân phố số 5", "xóm Trại"]
    /// Birth-province codes of the CCCD (001 Hà Nội, 079 Hồ Chí Minh, …) with the matching
    /// two-digit province code of the address.
    static let provinces: [(cccd: String, address: String)] = [("001", "01"), ("079", "79"), ("031", "31"), ("048", "48"), ("092", "92"), ("038", "38")]
    static let mobilePrefixes = ["090", "091", "098", "097", "086", "088", "070", "035"]

    /// The next filing's JSON body.
    public mutating func next() -> JSONValue {
        let procedure = pick(Self.procedures)
        let province = pick(Self.provinces)
        let year = Int.random(in: 1950...2004, using: &random)
        let female = Bool.random(using: &random)
        let name = "\(pick(Self.familyNames)) \(female ? "Thị" : pick(Self.middleNames)) \(pick(Self.givenNames))"
        let applicant: JSONValue = .object([
            "kind": .string("citizen"),
            "fullName": .string(name),
            "idNumber": .string(citizenID(province: province.cccd, year: year, female: female)),
            "birthDate": .string("\(year)-\(twoDigits(Int.random(in: 1...12, using: &random)))-\(twoDigits(Int.random(in: 1...28, using: &random)))"),
            "phone": .string(pick(Self.mobilePrefixes) + digits(7)),
            "email": .string("nguoidan\(digits(5))@example.vn"),
            "address": .object([
                "provinceCode": .string(province.address),
                "communeCode": .string(digits(5)),
                "detail": .string("Số \(Int.random(in: 1...300, using: &random)), ngõ \(Int.random(in: 1...99, using: &random)) đường \(pick(Self.streets)), \(pick(Self.hamlets)), xã Phước Long"),
            ]),
            "representative": .object([
                "fullName": .string("\(pick(Self.familyNames)) \(pick(Self.middleNames)) \(pick(Self.givenNames))"),
                "idNumber": .string(citizenID(province: province.cccd, year: 1980, female: false)),
                "relation": .string("Cha đẻ của người được đăng ký"),
            ]),
        ])
        // Scanned attachments carry their hash and size, as a counter scanner sends them.
        var documents = [JSONValue]()
        for name in procedure.documents {
            documents.append(.object([
                "name": .string(name), "originals": .int(1), "copies": .int(Int64(Int.random(in: 0...2, using: &random))),
                "sha256": .string(hex(32)), "sizeBytes": .int(Int64(Int.random(in: 80_000...900_000, using: &random))),
            ]))
        }
        return .object([
            "procedureCode": .string(procedure.code),
            "applicant": applicant,
            "documents": .array(documents),
            "channel": .string("counter"),
            "note": .string("Hồ sơ tiếp nhận tại bộ phận một cửa; người nộp đã được hướng dẫn bổ sung giấy tờ còn thiếu, hẹn trả kết quả đúng hạn theo quy định. Công dân đề nghị nhận kết quả qua dịch vụ bưu chính công ích tại địa chỉ thường trú."),
        ])
    }

    /// A 12-digit CCCD: birth province, century-and-sex digit, two-digit year, six random digits.
    mutating func citizenID(province: String, year: Int, female: Bool) -> String {
        let centuryDigit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0)
        return province + String(centuryDigit) + twoDigits(year % 100) + digits(6)
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    private mutating func hex(_ byteCount: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<(byteCount * 2)).map { _ in alphabet[Int.random(in: 0..<16, using: &random)] })
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
