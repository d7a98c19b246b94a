import XCTest
@testable import CaseCore
import CaseSupport

final class FilingRequestTests: XCTestCase {
    private func decode(_ text: String) throws -> FilingRequest {
        try FilingRequest(json: try JSONParser().parse(text))
    }

    private func issue(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ValidationIssue? {
        do {
            _ = try decode(text)
            XCTFail("expected a validation issue for \(text)", file: file, line: line)
            return nil
        } catch let issue as ValidationIssue {
            return issue
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func testTheDocumentedShapeDecodes() throws {
        let filing = try decode(
            #"{"procedureCode":"1.001612","applicant":{"fullName":"Nguyễn Văn Ánh","idNumber":"001090012345","birthDate":"1990-05-01","phone":"0912345678","address":{"provinceCode":"25","communeCode":"08800","detail":"thôn 3"}},"competentCentre":"n2","documents":[{"name":"Tờ khai","originals":1,"copies":0}]}"#)
        XCTAssertEqual(filing.procedureCode, "1.001612")
        XCTAssertEqual(filing.applicant.fullName, "Nguyễn Văn Ánh")
        XCTAssertEqual(filing.applicant.birthDate, CivilDate(iso: "1990-05-01"))
        XCTAssertEqual(filing.applicant.address?.communeCode, "08800")
        XCTAssertEqual(filing.competentCentre, "n2")
        XCTAssertEqual(filing.documents, [DocumentItem(name: "Tờ khai", originals: 1, copies: 0)])
        XCTAssertEqual(filing.channel, .counter)
    }

    func testOnlyThreeFieldsAreRequired() throws {
        let filing = try decode(#"{"procedureCode":"1.001612","applicant":{"fullName":"A B","idNumber":"001090012345"}}"#)
        XCTAssertNil(filing.competentCentre)
        XCTAssertTrue(filing.documents.isEmpty)
    }

    func testDecomposedAndPrecomposedNamesDecodeToTheSameText() throws {
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"
        let composed = "Nguyễn Văn Ánh"
        XCTAssertNotEqual(Array(decomposed.unicodeScalars), Array(composed.unicodeScalars))
        let a = try decode(#"{"procedureCode":"1.001612","applicant":{"fullName":"\#(decomposed)","idNumber":"001090012345"}}"#)
        let b = try decode(#"{"procedureCode":"1.001612","applicant":{"fullName":"\#(composed)","idNumber":"001090012345"}}"#)
        XCTAssertEqual(Array(a.applicant.fullName.unicodeScalars), Array(b.applicant.fullName.unicodeScalars))
    }

    func testIssuesNameTheFieldAndWhatWasExpected() {
        let cases: [(String, String, String)] = [
            (#"[]"#, "body", "expected a JSON object"),
            (#"{"applicant":{"fullName":"A","idNumber":"1"}}"#, "procedureCode", "is required"),
            (#"{"procedureCode":"1.001612"}"#, "applicant", "is required"),
            (#"{"procedureCode":12,"applicant":{"fullName":"A","idNumber":"1"}}"#, "procedureCode", "expected a string, got number"),
            (#"{"procedureCode":"1.001612","applicant":{"fullName":"A"}}"#, "applicant.idNumber", "is required"),
            (#"{"procedureCode":"1.001612","applicant":{"fullName":"A","idNumber":"1","birthDate":"1990-13-01"}}"#, "applicant.birthDate", "expected a date"),
            (#"{"procedureCode":"1.001612","applicant":{"fullName":"A","idNumber":"1","fullname":"x"}}"#, "applicant.fullname", "unknown field"),
            (#"{"procedureCode":"1.001612","applicant":{"fullName":"A","idNumber":"1"},"documents":{}}"#, "documents", "expected an array"),
            (#"{"procedureCode":"1.001612","applicant":{"fullName":"A","idNumber":"1"},"documents":[{"name":"x","copies":-1}]}"#, "documents[0].copies", "between 0 and 100"),
            (#"{"procedureCode":"1.001612","applicant":{"fullName":"A","idNumber":"1"},"channel":"fax"}"#, "channel", "counter, online"),
        ]
        for (body, field, fragment) in cases {
            guard let issue = issue(body) else { continue }
            XCTAssertEqual(issue.field, field, body)
            XCTAssertTrue(issue.message.contains(fragment), "\(issue.message) should mention \(fragment)")
        }
    }

    func testTooManyDocumentsAreRefusedBeforeDecodingThem() {
        let documents = Array(repeating: #"{"name":"x"}"#, count: FilingRequest.maxDocuments + 1).joined(separator: ",")
        let issue = issue(#"{"procedureCode":"1.001612","applicant":{"fullName":"A","idNumber":"1"},"documents":[\#(documents)]}"#)
        XCTAssertEqual(issue?.field, "documents")
    }
}

final class ActionRequestTests: XCTestCase {
    private func decode(_ text: String) throws -> ActionRequest {
        try ActionRequest(json: try JSONParser().parse(text))
    }

    func testDecodesEachActionsFields() throws {
        XCTAssertEqual(try decode(#"{"action":"start"}"#).action, .start)
        let transfer = try decode(#"{"action":"transfer","to":"n2","note":"chuyển"}"#)
        XCTAssertEqual(transfer.toCentre, "n2")
        XCTAssertEqual(transfer.note, "chuyển")
        let apology = try decode(#"{"action":"apologize","newDueAt":"2025-07-10T17:00:00+07:00","reason":"quá tải"}"#)
        XCTAssertEqual(apology.newDueAt, VietnamTime.parseISO8601("2025-07-10T17:00:00+07:00"))
        XCTAssertEqual(try decode(#"{"action":"return"}"#).action, .returnResult)
        XCTAssertEqual(try decode(#"{"action":"refuse","reason":"không đủ điều kiện"}"#).reason, "không đủ điều kiện")
    }

    func testRefusesUnknownActionsMissingFieldsAndAdminOnlyActions() {
        let cases: [(String, String)] = [
            (#"{"action":"fly"}"#, "action"),
            (#"{"action":"handover","to":"n2"}"#, "action"),
            (#"{"action":"transfer"}"#, "to"),
            (#"{"action":"apologize","reason":"x"}"#, "newDueAt"),
            (#"{"action":"apologize","newDueAt":"2025-07-10T17:00:00+07:00"}"#, "reason"),
            (#"{"action":"apologize","newDueAt":"tomorrow","reason":"x"}"#, "newDueAt"),
            (#"{"action":"start","when":"now"}"#, "when"),
            (#"{"note":"x"}"#, "action"),
            // The forms of these steps state their reason (Mẫu 02, 03): none, or a blank one, is refused.
            (#"{"action":"refuse"}"#, "reason"),
            (#"{"action":"request-supplement","note":"thiếu"}"#, "reason"),
            (#"{"action":"request-supplement","reason":"  "}"#, "reason"),
            (#"{"action":"stop"}"#, "reason"),
        ]
        for (body, field) in cases {
            XCTAssertThrowsError(try decode(body), body) { error in
                XCTAssertEqual((error as? ValidationIssue)?.field, field, body)
            }
        }
    }
}

final class TextLengthTests: XCTestCase {
    func testLengthsCountUnicodeScalarsSoStackedMarksCannotHideMegabytes() {
        let bomb = "a" + String(repeating: "\u{301}", count: 5_000)
        XCTAssertEqual(bomb.count, 1, "one visible character")
        XCTAssertThrowsError(try FilingValidator.checkLength(bomb, max: 2_000, field: "note")) { error in
            XCTAssertEqual((error as? ValidationIssue)?.field, "note")
        }
        XCTAssertNoThrow(try FilingValidator.checkLength("Nguyễn Văn Ánh", max: 14, field: "applicant.fullName"))
    }
}
