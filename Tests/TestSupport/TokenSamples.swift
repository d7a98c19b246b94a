import CaseCore

/// Token records for the registry and codec tests.
public enum TokenSamples {
    public static func record(
        id: String = "0123456789abcdef", name: String = "Lê Thị Hoa", role: TokenRole = .clerk, centre: String? = "n1",
        createdAtMs: Int64 = 1_751_335_200_000, revokedAtMs: Int64? = nil, hashByte: UInt8 = 7
    ) -> TokenRecord {
        TokenRecord(
            id: id, name: name, role: role, centre: centre, createdAtMs: createdAtMs, revokedAtMs: revokedAtMs,
            secretHash: Array(repeating: hashByte, count: 32))
    }

    public static let records: [TokenRecord] = [
        record(),
        record(id: "00000000000000ff", name: "admin@n1", role: .admin, centre: nil, revokedAtMs: 1_751_400_000_000),
        record(id: "fedcba9876543210", name: "Giám sát Sở", role: .monitor, centre: nil, createdAtMs: 0, hashByte: 0xAB),
    ]

    public static let digest = TokenDigest(records: records.sorted { $0.id < $1.id })
}
