import Foundation
import XCTest
import CaseCore
import TestSupport

/// The receipt (Mẫu 01) as a clerk prints it and a citizen scans it: headless Chromium
/// prints it on one A4 page, and its QR code, photographed from the screen at desk and at
/// phone width, reads back as the lookup address. Needs chromium and zbar-tools (`.ci/run`
/// installs them); without them these tests fail.
///
/// `CASESTORE_WRITE_FORM_GOLDENS=1` also rewrites docs/images/receipt-mau-01.png, the
/// picture the README shows.
final class ReceiptInBrowserTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dossier = FormFixtures.processedDossier()
    var address: String { FormFixtures.context.lookupAddress(code: dossier.code) }

    private func writeReceipt(into directory: TemporaryDirectory) throws -> String {
        let page = directory.path("mau-01.html")
        try Data(try DossierForms.html(.receipt, dossier: dossier, context: FormFixtures.context).utf8).write(to: URL(fileURLWithPath: page))
        return page
    }

    func testReceiptPrintsOnExactlyOneA4Page() throws {
        let directory = try TemporaryDirectory()
        let pdf = directory.path("mau-01.pdf")
        try HeadlessChromium().printToPDF(try writeReceipt(into: directory), to: pdf)
        XCTAssertEqual(HeadlessChromium.pageCount(ofPDF: try Data(contentsOf: URL(fileURLWithPath: pdf))), 1)
    }

    func testQRCodeOnScreenScansToTheLookupAddress() throws {
        let directory = try TemporaryDirectory()
        let png = directory.path("desk.png")
        let chromium = try HeadlessChromium()
        let page = try writeReceipt(into: directory)
        try chromium.screenshot(page, to: png, width: 900, height: 1_300, scale: 2)
        XCTAssertEqual(try QRScanner.scan(png), [address])
        if ProcessInfo.processInfo.environment["CASESTORE_WRITE_FORM_GOLDENS"] == "1" {
            let image = Self.repository.appendingPathComponent("docs/images/receipt-mau-01.png").path
            try FileManager.default.createDirectory(atPath: (image as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try chromium.screenshot(page, to: image, width: 900, height: 1_300)
        }
    }

    /// At a phone's width the heading and signatures stack and the QR code stands alone,
    /// whole and readable.
    func testAtPhoneWidthTheQRCodeStillScans() throws {
        let directory = try TemporaryDirectory()
        let png = directory.path("phone.png")
        try HeadlessChromium().screenshot(try writeReceipt(into: directory), to: png, width: 390, height: 2_400, scale: 2)
        XCTAssertEqual(try QRScanner.scan(png), [address])
    }
}
