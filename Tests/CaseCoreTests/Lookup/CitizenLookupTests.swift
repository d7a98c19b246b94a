import CaseCore
import CaseSupport
import TestSupport
import XCTest

final class CitizenLookupTests: XCTestCase {
    private func dossier(_ status: DossierStatus) throws -> Dossier {
        let payload = FiledPayload(
            channel: .counter, procedureCode: "1.001612", procedureName: "Đăng ký khai sinh", timeLimitWorkingDays: 3, feesVND: 0,
            applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345", phone: "0912345678"),
            documents: [DocumentItem(name: "Tờ khai", originals: 1, copies: 0)], receivingCentre: "n1", competentCentre: "n2",
            originalDueAt: Instant(millisecondsSinceEpoch: TestEvents.baseMs + 3 * 86_400_000), note: "ghi chú riêng")
        var folded = try XCTUnwrap(DossierReducer.fold([TestEvents.event("N1-250701-0001", .filed, origin: "n1", sequence: 1, atMs: 0, payload: payload.json)]))
        folded.status = status
        return folded
    }

    private let names = ["n1": "Xã Phước Long", "n2": "Phường Ba Đình"]

    func testTheAnswerSaysStatusDueDateCentreAndNextStepAndNothingPersonal() throws {
        let lookup = CitizenLookup(try dossier(.processing)) { self.names[$0] ?? $0 }
        XCTAssertEqual(lookup.json, [
            "code": "N1-250701-0001", "status": "processing", "statusText": "Đang giải quyết",
            "nextStep": "Không cần làm gì thêm; trung tâm đang xử lý hồ sơ.", "dueDate": "04/07/2025", "centre": "Phường Ba Đình",
        ])
        let text = JSONWriter.string(lookup.json)
        for personal in ["Nguyễn", "001190012345", "0912345678", "Tờ khai", "ghi chú", "Đăng ký khai sinh"] {
            XCTAssertFalse(text.contains(personal), personal)
        }
    }

    func testEveryStatusHasWordsAndANextStep() throws {
        var texts = Set<String>()
        for status in DossierStatus.allCases {
            let lookup = CitizenLookup(try dossier(status)) { self.names[$0] ?? $0 }
            XCTAssertFalse(lookup.statusText.isEmpty || lookup.nextStep.isEmpty, status.rawValue)
            texts.insert(lookup.statusText)
        }
        XCTAssertEqual(texts.count, DossierStatus.allCases.count, "no two statuses read the same")
    }

    func testWhatTheCitizenMustDoNamesTheReceivingCentre() throws {
        let resolved = CitizenLookup(try dossier(.resolved)) { self.names[$0] ?? $0 }
        XCTAssertEqual(resolved.statusText, "Đã có kết quả, mời nhận")
        XCTAssertTrue(resolved.nextStep.contains("Xã Phước Long"), resolved.nextStep)
        let supplement = CitizenLookup(try dossier(.supplementRequested)) { self.names[$0] ?? $0 }
        XCTAssertEqual(supplement.statusText, "Chờ bổ sung hồ sơ")
        XCTAssertTrue(supplement.nextStep.contains("Mẫu 02"))
        let payment = CitizenLookup(try dossier(.paymentRequested)) { $0 }
        XCTAssertTrue(payment.nextStep.hasPrefix("Nộp phí"), payment.nextStep)
    }

    /// The appointed date means something only while the centre's clock runs.
    func testTheDueDateShowsOnlyWhileTheClockRuns() throws {
        let shown: Set<DossierStatus> = [.received, .processing, .withdrawRequested, .paymentRequested]
        for status in DossierStatus.allCases {
            XCTAssertEqual(CitizenLookup(try dossier(status)) { $0 }.dueDate != nil, shown.contains(status), status.rawValue)
        }
        var paused = try dossier(.paymentRequested)
        paused.pausedRemainingWorkingMs = 3_600_000
        XCTAssertNil(CitizenLookup(paused) { $0 }.dueDate, "a payment that stopped the clock")
    }

    func testAnUnknownCentreIsShownByItsId() throws {
        XCTAssertEqual(CitizenLookup(try dossier(.processing)) { $0 }.centre, "n2")
    }
}
