import CaseCore
import XCTest
@testable import CaseCLI
import CaseSupport

/// Golden renderings of fixed node answers: exact text, so any change to what clerks see is deliberate.
final class DossierRenderingTests: XCTestCase {
    static let dossier: JSONValue = [
        "code": "LOCAL-250701-0001", "status": "processing", "overdue": true,
        "procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh",
        "applicant": ["fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"],
        "receivedAt": "2025-07-01T09:00:00.000+07:00", "receivingCentre": "local",
        "competentCentre": "local", "handlingCentre": "n2",
        "dueAt": "2025-07-02T09:00:00.000+07:00", "originalDueAt": "2025-07-01T16:00:00.000+07:00",
        "allowedActions": ["resolve", "note"],
        "history": [
            ["at": "2025-07-01T09:00:00.000+07:00", "centre": "local", "actor": "clerk", "action": "filed",
             "to": "received", "applied": true],
            ["at": "2025-07-01T10:15:00.000+07:00", "centre": "local", "actor": "Lê Thị Hoa", "action": "start",
             "from": "received", "to": "processing", "note": "bắt đầu xử lý", "applied": true],
            ["at": "2025-07-01T10:20:00.000+07:00", "centre": "n2", "actor": "clerk", "action": "refuse",
             "from": "received", "to": "refused", "applied": false],
        ],
    ]

    func testSummaryNamesStatusDueDateAndNextSteps() {
        XCTAssertEqual(DossierRendering.summary(of: Self.dossier, headline: "Updated"), """
            Updated LOCAL-250701-0001: processing
            Due 2025-07-02T09:00:00.000+07:00 (OVERDUE)
            Allowed next: resolve, note
            """)
        let returned: JSONValue = [
            "code": "LOCAL-250701-0002", "status": "returned", "dueAt": "2025-07-03T09:00:00.000+07:00",
            "overdue": false, "allowedActions": [],
        ]
        XCTAssertEqual(DossierRendering.summary(of: returned, headline: "Filed"), """
            Filed LOCAL-250701-0002: returned
            Due 2025-07-03T09:00:00.000+07:00
            Allowed next: none
            """)
    }

    func testDetailsAreAFactsTableAndAHistoryTable() {
        XCTAssertEqual(DossierRendering.details(of: Self.dossier), """
            Field             Value
            ----------------  ------------------------------------------------------------------------
            Code              LOCAL-250701-0001
            Status            processing (OVERDUE)
            Procedure         1.001612 Đăng ký khai sinh
            Applicant         Nguyễn Văn Ánh (001090012345)
            Received          2025-07-01T09:00:00.000+07:00 at local
            Competent centre  local
            Handling centre   n2
            Due               2025-07-02T09:00:00.000+07:00 (originally 2025-07-01T16:00:00.000+07:00)
            Allowed next      resolve, note

            History
            At                             Centre  Actor       Action                          From      To          Note
            -----------------------------  ------  ----------  ------------------------------  --------  ----------  -------------
            2025-07-01T09:00:00.000+07:00  local   clerk       filed                                     received
            2025-07-01T10:15:00.000+07:00  local   Lê Thị Hoa  start                           received  processing  bắt đầu xử lý
            2025-07-01T10:20:00.000+07:00  n2      clerk       refuse (CONFLICT: not applied)  received  refused
            """)
    }

    func testDetailsShowTheTimeLimitAndHowTheFeesWereCounted() {
        guard case .object(var dossier) = Self.dossier else { return XCTFail("the fixture is an object") }
        dossier["timeLimit"] = ["amount": 1, "unit": "sameDay"]
        dossier["timeLimitWorkingDays"] = 1
        dossier["feesVND"] = 7_000
        dossier["feeLines"] = [
            ["name": "Phí (trang 1–2)", "unit": "perPage", "amountVND": 2_000, "quantity": 2, "totalVND": 4_000],
            ["name": "Phí (từ trang 3)", "unit": "perPage", "amountVND": 1_000, "quantity": 3, "maxPerCopyVND": 196_000, "totalVND": 3_000],
        ]
        let facts = DossierRendering.details(of: .object(dossier)).components(separatedBy: "\n\nHistory")[0]
        XCTAssertTrue(facts.hasSuffix("""
            Time limit        1 sameDay
            Fees              7000 VND
                              Phí (trang 1–2): 2000 × 2 perPage = 4000
                              Phí (từ trang 3): 1000 × 3 perPage, at most 196000 a copy = 3000
            Allowed next      resolve, note
            """), facts)
    }

    func testSearchResultsListOneLinePerDossierAndThePage() {
        let page: JSONValue = [
            "items": [
                ["code": "LOCAL-250701-0001", "status": "received", "applicant": ["fullName": "Nguyễn Văn Ánh"],
                 "procedureCode": "1.001612", "handlingCentre": "local", "dueAt": "2025-07-02T09:00:00.000+07:00", "overdue": true],
                ["code": "LOCAL-250701-0002", "status": "processing", "applicant": ["fullName": "Trần Thị Bình"],
                 "procedureCode": "2.000635", "handlingCentre": "n2", "dueAt": "2025-07-03T09:00:00.000+07:00", "overdue": false],
            ],
            "total": 7, "limit": 2, "offset": 3,
        ]
        XCTAssertEqual(DossierRendering.searchResults(page), """
            Code               Status      Applicant       Procedure  Handling  Due                            Overdue
            -----------------  ----------  --------------  ---------  --------  -----------------------------  -------
            LOCAL-250701-0001  received    Nguyễn Văn Ánh  1.001612   local     2025-07-02T09:00:00.000+07:00  yes
            LOCAL-250701-0002  processing  Trần Thị Bình   2.000635   n2        2025-07-03T09:00:00.000+07:00
            2 shown (from 4) of 7 found
            """)
    }

    func testProceduresRightAlignLimitsAndSumFeesPerCase() {
        let list: JSONValue = [
            "items": [
                ["code": "1.001612", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "timeLimitWorkingDays": 1, "fees": []],
                ["code": "2.000635", "name": "Chứng thực bản sao", "field": "Chứng thực", "timeLimitWorkingDays": 10,
                 "fees": [["name": "Lệ phí", "amountVND": 2_000], ["name": "Phí", "amountVND": 3_000]]],
                ["code": "2.000815", "name": "Chứng thực bản sao", "field": "Chứng thực", "timeLimitWorkingDays": 1,
                 "timeLimitUnit": "sameDay", "timeLimit": 1,
                 "fees": [["name": "Phí", "amountVND": 2_000, "unit": "perPage", "toPage": 2],
                          ["name": "Phí", "amountVND": 1_000, "unit": "perPage", "fromPage": 3]],
                 "competentAuthorityLabel": "UBND cấp xã", "locationIndependence": "nationwide", "receivedAtCommuneCentre": true],
                ["code": "1.004194", "name": "Đăng ký tạm trú", "field": "Cư trú", "timeLimitWorkingDays": 3, "fees": [],
                 "competentAuthorityLabel": "Công an cấp xã", "locationIndependence": "none", "receivedAtCommuneCentre": false],
            ],
        ]
        // The first two rows are as older nodes answer, without who decides or where to file.
        XCTAssertEqual(DossierRendering.procedures(list), """
            Code      Name                Field           Limit                       Fees (VND)  Decided by      Filed at
            --------  ------------------  ----------  ---------  -------------------------------  --------------  ----------
            1.001612  Đăng ký khai sinh   Hộ tịch             1                                0
            2.000635  Chứng thực bản sao  Chứng thực         10                             5000
            2.000815  Chứng thực bản sao  Chứng thực  1 sameDay  0 + 2000/perPage + 1000/perPage  UBND cấp xã     any centre
            1.004194  Đăng ký tạm trú     Cư trú              3                                0  Công an cấp xã  not here
            """)
    }

    func testMissingFieldsRenderEmptyAndControlCharactersStayOnOneLine() {
        let page: JSONValue = ["items": [["code": "LOCAL-250701-0003", "applicant": ["fullName": "Phạm\nVăn\tCường"]]]]
        XCTAssertEqual(DossierRendering.searchResults(page), """
            Code               Status  Applicant       Procedure  Handling  Due  Overdue
            -----------------  ------  --------------  ---------  --------  ---  -------
            LOCAL-250701-0003          Phạm Văn Cường
            1 shown (from 1) of 1 found
            """)
        XCTAssertEqual(DossierRendering.procedures(["items": []]), """
            Code  Name  Field  Limit  Fees (VND)  Decided by  Filed at
            ----  ----  -----  -----  ----------  ----------  --------
            """)
    }
}
