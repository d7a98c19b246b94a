import CaseCore
import XCTest

final class LookupPageTests: XCTestCase {
    private let found = CitizenLookup(
        code: "N1-250701-0001", status: .processing, statusText: "Đang giải quyết", nextStep: "Không cần làm gì thêm.",
        dueDate: "04/07/2025", centre: "Phường Ba Đình")

    func testTheFormPostsTheCodeAndPinToTheLookupPage() {
        let page = LookupPage.html(code: "N1-250701-0001", outcome: .blank, centreName: "Xã Phước Long")
        XCTAssertTrue(page.contains(#"<form method="post" action="tra-cuu">"#))
        XCTAssertTrue(page.contains(#"name="ma" value="N1-250701-0001""#))
        XCTAssertTrue(page.contains(#"name="pin" type="password" inputmode="numeric""#))
        XCTAssertTrue(page.contains("Xã Phước Long"))
        XCTAssertFalse(page.contains("role=\"alert\""), "no message before a lookup")
    }

    func testAFoundDossierShowsItsStatusDueDateCentreAndNextStep() {
        let page = LookupPage.html(code: found.code, outcome: .found(found), centreName: "n1")
        for text in ["Đang giải quyết", "04/07/2025", "Phường Ba Đình", "Không cần làm gì thêm.", "Ngày hẹn trả kết quả"] {
            XCTAssertTrue(page.contains(text), text)
        }
    }

    func testWrongPinAndUnknownCodeReadTheSameAndTooManyAttemptsSaysHowLong() {
        let page = LookupPage.html(code: "X-250701-0001", outcome: .notFound, centreName: "n1")
        XCTAssertTrue(page.contains(LookupPage.notFoundMessage))
        XCTAssertTrue(LookupPage.html(code: nil, outcome: .tooManyAttempts(retryAfterSeconds: 30), centreName: "n1").contains("thử lại sau 30 giây"))
        XCTAssertTrue(LookupPage.html(code: nil, outcome: .tooManyAttempts(retryAfterSeconds: 2_400), centreName: "n1").contains("thử lại sau 40 phút"))
    }

    func testWhatTheVisitorTypedIsEscaped() {
        let page = LookupPage.html(code: #""><script>alert(1)</script>"#, outcome: .invalid("<b>"), centreName: "<i>n1</i>")
        XCTAssertFalse(page.contains("<script>"))
        XCTAssertFalse(page.contains("<i>n1"))
        XCTAssertFalse(page.contains("<b>"))
        XCTAssertTrue(page.contains("&lt;script&gt;"))
    }

    /// Like the forms: nothing fetched from anywhere, no script.
    func testThePageIsSelfContained() {
        let page = LookupPage.html(code: nil, outcome: .found(found), centreName: "n1")
        for outside in ["<script", "src=", "href=", "@import", "url(", "http://", "https://"] {
            XCTAssertFalse(page.contains(outside), outside)
        }
    }
}
