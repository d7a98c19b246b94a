import Foundation
import XCTest
@testable import CaseCore
import CaseSupport

/// Each form of a fixed dossier, at a fixed clock, against the HTML committed beside this
/// file. After a deliberate change, regenerate them and review the diff:
///
///     CASESTORE_WRITE_FORM_GOLDENS=1 swift test --disable-swift-testing --filter FormGoldenTests
final class FormGoldenTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func testReceipt() throws {
        try assertGolden("mau-01.html", DossierForms.html(.receipt, dossier: FormFixtures.processedDossier(), context: FormFixtures.context))
    }

    func testSupplementRequest() throws {
        try assertGolden("mau-02.html", DossierForms.html(.supplementRequest, dossier: FormFixtures.processedDossier(), context: FormFixtures.context))
    }

    func testRefusal() throws {
        try assertGolden("mau-03.html", DossierForms.html(.refusal, dossier: FormFixtures.refusedDossier(), context: FormFixtures.context))
    }

    func testApology() throws {
        try assertGolden("mau-04.html", DossierForms.html(.apology, dossier: FormFixtures.processedDossier(), context: FormFixtures.context))
    }

    func testControlSlip() throws {
        try assertGolden("mau-05.html", DossierForms.html(.controlSlip, dossier: FormFixtures.processedDossier(), context: FormFixtures.context))
    }

    func testRegister() throws {
        let entries = [FormFixtures.processedDossier(), FormFixtures.refusedDossier()].map { RegisterEntry(storedState: $0.storedJSON)! }
        let html = RegisterForm.html(
            entries: entries, first: CivilDate(year: 2025, month: 7, day: 1)!, last: CivilDate(year: 2025, month: 7, day: 31)!,
            centre: "phuoc-long", context: FormFixtures.context)
        try assertGolden("mau-06.html", html)
    }

    private func assertGolden(_ name: String, _ html: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CASESTORE_WRITE_FORM_GOLDENS"] == "1" {
            try Data(html.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(html, golden, "\(name) differs; if the change is meant, regenerate: CASESTORE_WRITE_FORM_GOLDENS=1 swift test --disable-swift-testing --filter FormGoldenTests", file: file, line: line)
    }
}
