import Foundation
import XCTest
import CaseCore
import TestSupport

/// The `/tra-cuu` page as a citizen's phone shows it, in headless Chromium 390 CSS pixels
/// wide (a common phone's width): nothing sticks out sideways, the fields and the button fit the
/// screen and are big enough to touch, and the text is legible. Needs chromium (`.ci/run`
/// installs it); without it these tests fail.
///
/// `CASESTORE_WRITE_FORM_GOLDENS=1` also rewrites docs/images/lookup-phone.png, the picture
/// docs/lookup.md shows.
final class LookupPageInBrowserTests: XCTestCase {
    private let phone = (width: 390, height: 844)
    private let found = CitizenLookup(
        code: "000.00.12.H56-250701-0042", status: .supplementRequested, statusText: "Chờ bổ sung hồ sơ",
        nextStep: "Bổ sung giấy tờ theo Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) tại Trung tâm Phục vụ hành chính công xã Phước Long.",
        dueDate: nil, centre: "Trung tâm Phục vụ hành chính công phường Ba Đình")

    /// The page in a frame as wide as a phone's screen (headless Chromium's window is never
    /// narrower than 500 pixels), with a measuring script of the test's own (the page has
    /// none) that writes what it finds into the outer document Chromium then dumps.
    private func measure(_ outcome: LookupPage.Outcome) throws -> [String: Double] {
        let page = LookupPage.html(code: found.code, outcome: outcome, centreName: "Xã Phước Long")
        let script = """
            <script>
            var root = document.documentElement, pin = document.getElementById('pin').getBoundingClientRect();
            var button = document.querySelector('button').getBoundingClientRect();
            var text = getComputedStyle(document.querySelector('.hint')).fontSize;
            parent.document.body.setAttribute('data-measure', ['scrollWidth=' + root.scrollWidth, 'innerWidth=' + window.innerWidth,
              'pinRight=' + pin.right, 'pinHeight=' + pin.height, 'buttonRight=' + button.right, 'buttonHeight=' + button.height,
              'hintFontPx=' + parseFloat(text)].join(';'));
            </script>
            """
        let framed = page.replacingOccurrences(of: "</body>", with: script + "</body>")
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        let outer = """
            <!DOCTYPE html><html><body style="margin:0"><iframe srcdoc="\(framed)" width="\(phone.width)" height="\(phone.height)" style="border:0;display:block"></iframe></body></html>
            """
        let directory = try TemporaryDirectory()
        let file = directory.path("phone.html")
        try Data(outer.utf8).write(to: URL(fileURLWithPath: file))
        let dom = try HeadlessChromium().dumpDOM(URL(fileURLWithPath: file).absoluteString, width: 800, height: 1_000)
        let start = try XCTUnwrap(dom.range(of: "data-measure=\""), "the measuring script left nothing: \(dom.prefix(500))")
        let end = try XCTUnwrap(dom[start.upperBound...].firstIndex(of: "\""))
        var values: [String: Double] = [:]
        for pair in dom[start.upperBound..<end].split(separator: ";") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    func testAtPhoneWidthNothingSticksOutAndTheFieldsAreEasyToTouch() throws {
        for outcome: LookupPage.Outcome in [.found(found), .notFound, .blank] {
            let values = try measure(outcome)
            let width = try XCTUnwrap(values["innerWidth"], "\(values)")
            XCTAssertEqual(width, Double(phone.width), "\(outcome)")
            XCTAssertLessThanOrEqual(try XCTUnwrap(values["scrollWidth"]), width, "no sideways scrolling: \(outcome)")
            XCTAssertLessThanOrEqual(try XCTUnwrap(values["pinRight"]), width, "\(outcome)")
            XCTAssertLessThanOrEqual(try XCTUnwrap(values["buttonRight"]), width, "\(outcome)")
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(values["pinHeight"]), 36, "a thumb can hit the PIN field: \(outcome)")
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(values["buttonHeight"]), 36, "\(outcome)")
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(values["hintFontPx"]), 12, "even the small print is legible: \(outcome)")
        }
    }

    func testAScreenshotAtPhoneWidth() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("tra-cuu.html"), png = directory.path("phone.png")
        try Data(LookupPage.html(code: found.code, outcome: .found(found), centreName: "Xã Phước Long").utf8).write(to: URL(fileURLWithPath: file))
        let chromium = try HeadlessChromium()
        try chromium.screenshot(file, to: png, width: phone.width, height: phone.height, scale: 2)
        XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: png)).count, 10_000, "a page, not an empty image")
        if ProcessInfo.processInfo.environment["CASESTORE_WRITE_FORM_GOLDENS"] == "1" {
            let image = ReceiptInBrowserTests.repository.appendingPathComponent("docs/images/lookup-phone.png").path
            try chromium.screenshot(file, to: image, width: phone.width, height: phone.height)
        }
    }

    /// A citizen may print the answer: it prints on one A4 page.
    func testTheAnswerPrintsOnOnePage() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("tra-cuu.html"), pdf = directory.path("tra-cuu.pdf")
        try Data(LookupPage.html(code: found.code, outcome: .found(found), centreName: "Xã Phước Long").utf8).write(to: URL(fileURLWithPath: file))
        try HeadlessChromium().printToPDF(file, to: pdf)
        XCTAssertEqual(HeadlessChromium.pageCount(ofPDF: try Data(contentsOf: URL(fileURLWithPath: pdf))), 1)
    }
}
