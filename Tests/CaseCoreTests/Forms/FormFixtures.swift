import CaseCore
import CaseSupport
import TestSupport

/// Fixed dossiers and a fixed clock for the form tests: the same input prints the same page.
enum FormFixtures {
    /// 2025-07-01 08:00 in Vietnam.
    static let base = TestEvents.baseMs
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 24 * hour
    static let printedAt = Instant(millisecondsSinceEpoch: base + 20 * day)
    static let context = try! FormContext(
        lookupBase: "https://dichvucong.phuoclong.example.vn", printedAt: printedAt,
        centreNames: ["phuoc-long": "Trung tâm Phục vụ hành chính công xã Phước Long", "ba-dinh": "Phường Ba Đình"],
        lookupPin: LookupPin(parsing: "042917"))

    static func filing(name: String = "Nguyễn Văn Ánh", channel: Dossier.Channel = .counter) -> FiledPayload {
        FiledPayload(
            channel: channel, procedureCode: "1.001193", procedureName: "Đăng ký kết hôn", timeLimitWorkingDays: 5, feesVND: 30_000,
            applicant: Applicant(
                fullName: name, idNumber: "001090012345", phone: "0912345678",
                address: Address(provinceCode: "01", communeCode: "00004", detail: "Số 12 phố Đội Cấn, phường Ba Đình, Hà Nội")),
            documents: [
                DocumentItem(name: "Tờ khai đăng ký kết hôn", originals: 1, copies: 0),
                DocumentItem(name: "Giấy xác nhận tình trạng hôn nhân", originals: 1, copies: 0),
                DocumentItem(name: "Căn cước công dân", originals: 0, copies: 2),
            ],
            receivingCentre: "phuoc-long", competentCentre: "ba-dinh",
            originalDueAt: Instant(millisecondsSinceEpoch: base + 7 * day), note: nil)
    }

    /// Received at the counter, a supplement requested and brought, an apology, resolved, returned.
    static func processedDossier(name: String = "Nguyễn Văn Ánh") -> Dossier {
        let code = "000.00.12.H56-250701-0042"
        let events = [
            TestEvents.event(code, .filed, origin: "phuoc-long", sequence: 1, atMs: 30 * 60_000, payload: filing(name: name).json),
            TestEvents.step(.transfer, code, origin: "phuoc-long", sequence: 2, atMs: hour, payload: ["to": "ba-dinh"]),
            TestEvents.step(.start, code, origin: "ba-dinh", sequence: 1, atMs: 2 * hour),
            TestEvents.step(.requestSupplement, code, origin: "ba-dinh", sequence: 2, atMs: day, payload: [
                "note": "Bản sao giấy khai sinh; Ảnh 4x6", "reason": "Thiếu giấy tờ chứng minh nhân thân", "remainingWorkingMs": .int(4 * 9 * hour),
            ]),
            TestEvents.step(.supplement, code, origin: "phuoc-long", sequence: 3, atMs: 3 * day, payload: [
                "newDueAtMs": .int(base + 9 * day),
            ]),
            TestEvents.step(.apologize, code, origin: "ba-dinh", sequence: 3, atMs: 9 * day + 2 * hour, payload: [
                "reason": "Cần xác minh thông tin tại nơi cư trú trước đây", "newDueAtMs": .int(base + 13 * day),
            ]),
            TestEvents.step(.resolve, code, origin: "ba-dinh", sequence: 4, atMs: 12 * day),
            TestEvents.step(.returnResult, code, origin: "phuoc-long", sequence: 4, atMs: 13 * day),
        ]
        return try! DossierReducer.fold(events)!
    }

    /// Submitted online and refused at intake.
    static func refusedDossier() -> Dossier {
        let code = "000.00.12.H56-250702-0007"
        let events = [
            TestEvents.event(code, .filed, origin: "phuoc-long", sequence: 10, atMs: day, payload: filing(name: "Đặng Thị Hồng", channel: .online).json),
            TestEvents.step(.refuse, code, origin: "phuoc-long", sequence: 11, atMs: day + hour, payload: [
                "reason": "Thủ tục không thuộc thẩm quyền giải quyết của cấp xã",
            ]),
        ]
        return try! DossierReducer.fold(events)!
    }

    /// Submitted online, not yet checked: it has no receipt.
    static func submittedDossier() -> Dossier {
        let code = "000.00.12.H56-250702-0008"
        let filed = TestEvents.event(code, .filed, origin: "phuoc-long", sequence: 12, atMs: day, payload: filing(channel: .online).json)
        return try! DossierReducer.fold([filed])!
    }
}
