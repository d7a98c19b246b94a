import Foundation
import XCTest
@testable import CaseCore
import CaseSupport
import TestSupport

/// What the forms must say and must never let through, independent of their exact markup.
final class FormContentTests: XCTestCase {
    let context = FormFixtures.context

    func testReceiptCarriesTheCodeDocumentsDueDateClerkAndLookupQRCode() throws {
        let html = try DossierForms.html(.receipt, dossier: FormFixtures.processedDossier(), context: context)
        XCTAssertTrue(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        XCTAssertTrue(html.contains("Độc lập - Tự do - Hạnh phúc"))
        XCTAssertTrue(html.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"))
        XCTAssertTrue(html.contains("000.00.12.H56-250701-0042"))
        XCTAssertTrue(html.contains("Giấy xác nhận tình trạng hôn nhân"))
        // Received 08:30 on 1 July; the appointment is the original due date, 8 July 08:00.
        XCTAssertTrue(html.contains("08 giờ 30 phút, ngày 01 tháng 07 năm 2025"))
        XCTAssertTrue(html.contains("08 giờ 00 phút, ngày 08 tháng 07 năm 2025"))
        XCTAssertTrue(html.contains("clerk-phuoc-long"))
        XCTAssertTrue(html.contains("30.000 đồng"))
        XCTAssertTrue(html.contains("https://dichvucong.phuoclong.example.vn/tra-cuu?ma=000.00.12.H56-250701-0042"))
        XCTAssertTrue(html.contains("<svg"))
    }

    func testReceiptStatesTheTimeLimitInItsUnit() throws {
        let cases: [(TimeLimit?, String)] = [
            (nil, "<b>5</b> ngày làm việc"),
            (TimeLimit(amount: 1, unit: .sameDay), "<b>trong ngày</b> (nhận sau 15 giờ: trong ngày làm việc tiếp theo)"),
            (TimeLimit(amount: 4, unit: .workingHours), "<b>4</b> giờ làm việc"),
            (TimeLimit(amount: 30, unit: .calendarDays), "<b>30</b> ngày"),
            (TimeLimit(amount: 1, unit: .halfDays), "<b>0,5</b> ngày làm việc"),
            (TimeLimit(amount: 3, unit: .halfDays), "<b>1,5</b> ngày làm việc"),
            (TimeLimit(amount: 4, unit: .halfDays), "<b>2</b> ngày làm việc"),
        ]
        for (limit, text) in cases {
            var filing = FormFixtures.filing()
            if let limit { filing.timeLimit = limit }
            let event = TestEvents.event("N1-250701-0001", .filed, origin: "phuoc-long", sequence: 1, atMs: 0, payload: filing.json)
            let html = try DossierForms.html(.receipt, dossier: XCTUnwrap(DossierReducer.fold([event])), context: context)
            XCTAssertTrue(html.contains("Thời gian giải quyết hồ sơ theo quy định: \(text).</li>"), text)
        }
    }

    func testReceiptShowsHowCountedFeesWereComputed() throws {
        var filing = FormFixtures.filing()
        filing.feesVND = 7_000
        filing.feeLines = [
            FeeLine(name: "Phí chứng thực (trang 1–2)", unit: "perPage", amountVND: 2_000, quantity: 2, totalVND: 4_000),
            FeeLine(name: "Phí chứng thực (từ trang 3)", unit: "perPage", amountVND: 1_000, quantity: 3, maxPerCopyVND: 196_000, totalVND: 3_000),
        ]
        let event = TestEvents.event("N1-250701-0001", .filed, origin: "phuoc-long", sequence: 1, atMs: 0, payload: filing.json)
        let html = try DossierForms.html(.receipt, dossier: XCTUnwrap(DossierReducer.fold([event])), context: context)
        XCTAssertTrue(html.contains(
            "Phí, lệ phí: <b>7.000 đồng</b> (Phí chứng thực (trang 1–2): 2.000 đồng × 2 = 4.000 đồng; "
                + "Phí chứng thực (từ trang 3): 1.000 đồng × 3, tối đa 196.000 đồng/bản = 3.000 đồng).</li>"), html)
    }

    func testPagesAreSelfContained() throws {
        let dossier = FormFixtures.processedDossier()
        for form in [FormNumber.receipt, .supplementRequest, .apology, .controlSlip] {
            let html = try DossierForms.html(form, dossier: dossier, context: context)
            for forbidden in ["<script", "<link", "<img", "@import", "url(", "src=", "@font-face"] {
                XCTAssertFalse(html.contains(forbidden), "Mẫu \(form.rawValue) contains \(forbidden)")
            }
            XCTAssertTrue(html.contains("@page{size:A4 portrait"), "Mẫu \(form.rawValue)")
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">"))
        }
    }

    func testApplicantTextCannotInjectHTML() throws {
        let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> \"Ánh\" & co"
        let dossier = FormFixtures.processedDossier(name: hostile)
        for form in [FormNumber.receipt, .supplementRequest, .apology, .controlSlip] {
            let html = try DossierForms.html(form, dossier: dossier, context: context)
            XCTAssertFalse(html.contains("<script"), "Mẫu \(form.rawValue)")
            XCTAssertFalse(html.contains("<img"), "Mẫu \(form.rawValue)")
            XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;Ánh&quot; &amp; co"), "Mẫu \(form.rawValue)")
        }
        let entry = RegisterEntry(storedState: dossier.storedJSON)!
        let register = RegisterForm.html(entries: [entry], first: CivilDate(year: 2025, month: 7, day: 1)!, last: CivilDate(year: 2025, month: 7, day: 1)!, centre: "<b>", context: context)
        XCTAssertFalse(register.contains("<script") || register.contains("<b>"))
    }

    func testTextIsNFCEvenWhenTheDossierHoldsDecomposedText() throws {
        let decomposed = "Nguyễn Văn Ánh".decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(decomposed.unicodeScalars), Array("Nguyễn Văn Ánh".precomposedStringWithCanonicalMapping.unicodeScalars))
        let html = try DossierForms.html(.receipt, dossier: FormFixtures.processedDossier(name: decomposed), context: context)
        XCTAssertEqual(Array(html.unicodeScalars), Array(html.precomposedStringWithCanonicalMapping.unicodeScalars))
        XCTAssertTrue(html.contains("Nguyễn Văn Ánh".precomposedStringWithCanonicalMapping))
    }

    func testStepFormsExistOnlyAfterTheirStep() {
        let submitted = FormFixtures.submittedDossier()
        for form in [FormNumber.receipt, .supplementRequest, .refusal, .apology] {
            XCTAssertThrowsError(try DossierForms.html(form, dossier: submitted, context: context)) { error in
                XCTAssertEqual((error as? FormNotApplicable)?.form, form)
            }
        }
        XCTAssertNoThrow(try DossierForms.html(.controlSlip, dossier: submitted, context: context))
        XCTAssertThrowsError(try DossierForms.html(.refusal, dossier: FormFixtures.processedDossier(), context: context))
        XCTAssertThrowsError(try DossierForms.html(.receipt, dossier: FormFixtures.refusedDossier(), context: context))
    }

    func testSupplementRequestListsTheComponentsAndTheReason() throws {
        let html = try DossierForms.html(.supplementRequest, dossier: FormFixtures.processedDossier(), context: context)
        XCTAssertTrue(html.contains("<ol><li>Bản sao giấy khai sinh</li><li>Ảnh 4x6</li></ol>"))
        XCTAssertTrue(html.contains("Thiếu giấy tờ chứng minh nhân thân"))
    }

    func testApologyGivesTheReasonTheDueDateMissedAndTheNewOne() throws {
        let html = try DossierForms.html(.apology, dossier: FormFixtures.processedDossier(), context: context)
        XCTAssertTrue(html.contains("Cần xác minh thông tin tại nơi cư trú trước đây"))
        // Due 10 July after the supplement; the apology moved it to 14 July.
        XCTAssertTrue(html.contains("08 giờ 00 phút, ngày 10 tháng 07 năm 2025"))
        XCTAssertTrue(html.contains("08 giờ 00 phút, ngày 14 tháng 07 năm 2025"))
    }

    func testControlSlipJudgesEachStepAgainstTheDueDateThenInForce() throws {
        let html = try DossierForms.html(.controlSlip, dossier: FormFixtures.processedDossier(), context: context)
        let rows = html.components(separatedBy: "<tr>").dropFirst(2)
        XCTAssertEqual(rows.count, 8)
        // The apology came 2 hours after the due date then in force (10 July 08:00): late.
        XCTAssertTrue(rows[rows.startIndex + 5].contains("Xin lỗi, hẹn lại ngày trả") && rows[rows.startIndex + 5].contains("Quá hạn"))
        // Resolved on 13 July, before the apology's new date: on time.
        XCTAssertTrue(rows[rows.startIndex + 6].contains("Đúng hạn"))
    }

    func testLookupBaseIsCheckedBeforeItReachesAQRCode() {
        for bad in ["ftp://x", "dichvucong.vn", "https://", "https://a b", "https://x/?q", "https://" + String(repeating: "a", count: 120)] {
            XCTAssertThrowsError(try FormContext(lookupBase: bad, printedAt: FormFixtures.printedAt), bad)
        }
        XCTAssertEqual(try FormContext(lookupBase: "http://127.0.0.1:7400/", printedAt: FormFixtures.printedAt).lookupAddress(code: "A-250701-0001"),
                       "http://127.0.0.1:7400/tra-cuu?ma=A-250701-0001")
    }
}
