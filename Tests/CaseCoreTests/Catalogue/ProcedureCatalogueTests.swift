import CaseCore
import CaseSupport
import Foundation
import XCTest

final class ProcedureCatalogueTests: XCTestCase {
    /// The catalogue the node ships, read from the source tree.
    private static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/CaseNode/Resources/procedures.json")

    func testShippedCatalogueHasAtLeast25ValidUniqueProcedures() throws {
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(contentsOf: Self.shippedFile))
        XCTAssertGreaterThanOrEqual(catalogue.count, 25)
        XCTAssertEqual(Set(catalogue.all.map(\.code)).count, catalogue.count, "codes are unique")
        XCTAssertEqual(catalogue.all.map(\.code), catalogue.all.map(\.code).sorted(), "sorted by code")
        for procedure in catalogue.all {
            XCTAssertTrue(ProcedureCode.isValid(procedure.code), procedure.code)
            XCTAssertGreaterThanOrEqual(procedure.timeLimitWorkingDays, 1, procedure.code)
            XCTAssertEqual(procedure.name, VietnameseText.normalized(procedure.name), "NFC name: \(procedure.code)")
            XCTAssertFalse(procedure.field.isEmpty, procedure.code)
        }
        for code in ["1.001612", "2.000635", "1.001193", "1.000894", "2.000815"] {
            XCTAssertNotNil(catalogue.procedure(code: code), "\(code) must be in the shipped catalogue")
        }
        XCTAssertEqual(catalogue.procedure(code: "1.001193")?.name, "Đăng ký khai sinh")
        let fields = Set(catalogue.all.map(\.field))
        for field in ["Hộ tịch", "Chứng thực", "Cư trú", "Đất đai", "Bảo trợ xã hội", "Người có công"] {
            XCTAssertTrue(fields.contains(field), "field \(field)")
        }
        XCTAssertFalse(catalogue.source.isEmpty)
    }

    func testLooksUpByExactCode() throws {
        let catalogue = try ProcedureCatalogue(procedures: [
            sample(code: "1.001612"), sample(code: "1.001612.H38", name: "Đăng ký thành lập hộ kinh doanh (tỉnh)"),
        ])
        XCTAssertEqual(catalogue.procedure(code: "1.001612.H38")?.name, "Đăng ký thành lập hộ kinh doanh (tỉnh)")
        XCTAssertNotNil(catalogue.procedure(code: "1.001612"))
        XCTAssertNil(catalogue.procedure(code: "1.001613"))
        XCTAssertNil(catalogue.procedure(code: " 1.001612"))
    }

    func testRefusesInvalidProcedures() {
        let cases: [(procedures: [Procedure], error: ProcedureCatalogueError)] = [
            ([sample(code: "1.001612"), sample(code: "1.001612")], .duplicateCode("1.001612")),
            ([sample(code: "1.00161")], .invalid(ValidationIssue(field: "procedures[0].code", message: "a procedure code must look like 1.001612 or 1.001612.H38; got \"1.00161\""))),
            ([sample(code: "1.000001"), sample(code: "1.000002", days: 0)], .invalid(ValidationIssue(field: "procedures[1].timeLimitWorkingDays", message: "must be 1...365 working days (same-day procedures are recorded as 1); got 0"))),
            ([sample(code: "1.000001", days: 366)], .invalid(ValidationIssue(field: "procedures[0].timeLimitWorkingDays", message: "must be 1...365 working days (same-day procedures are recorded as 1); got 366"))),
            ([sample(code: "1.000001", name: " \n ")], .invalid(ValidationIssue(field: "procedures[0].name", message: "must not be empty"))),
            ([sample(code: "1.000001", fees: [Fee(name: "Lệ phí", amountVND: -1)])], .invalid(ValidationIssue(field: "procedures[0].fees[0].amountVND", message: "must be 0...1000000000000 VND; got -1"))),
            ([sample(code: "1.000001", fees: [Fee(name: "", amountVND: 0)])], .invalid(ValidationIssue(field: "procedures[0].fees[0].name", message: "must not be empty"))),
            ([sample(code: "1.000001", fees: Array(repeating: Fee(name: "Phí", amountVND: 1), count: 33))], .invalid(ValidationIssue(field: "procedures[0].fees", message: "at most 32 fees; got 33"))),
            ([sample(code: "1.000001", name: String(repeating: "a", count: 1_001))], .invalid(ValidationIssue(field: "procedures[0].name", message: "must be at most 1000 characters; got 1001"))),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ProcedureCatalogue(procedures: testCase.procedures)) { error in
                XCTAssertEqual(error as? ProcedureCatalogueError, testCase.error)
            }
        }
        let tooMany = (0...ProcedureCatalogue.maxProcedures).map { sample(code: String(format: "1.%06d", $0)) }
        XCTAssertThrowsError(try ProcedureCatalogue(procedures: tooMany)) { error in
            XCTAssertEqual(error as? ProcedureCatalogueError, .tooManyProcedures(count: 10_001, max: 10_000))
        }
    }

    func testNormalisesTextOnTheWayIn() throws {
        let decomposed = "  Đăng ký   khai sinh ".decomposedStringWithCanonicalMapping
        let catalogue = try ProcedureCatalogue(procedures: [
            Procedure(code: "1.001193", name: decomposed, field: "Hộ tịch".decomposedStringWithCanonicalMapping,
                      timeLimitWorkingDays: 1, fees: [Fee(name: "Lệ phí".decomposedStringWithCanonicalMapping, amountVND: 0)],
                      level: "Toàn trình".decomposedStringWithCanonicalMapping),
        ])
        let procedure = try XCTUnwrap(catalogue.procedure(code: "1.001193"))
        XCTAssertEqual(Array(procedure.name.unicodeScalars), Array("Đăng ký khai sinh".unicodeScalars))
        XCTAssertEqual(Array(procedure.field.unicodeScalars), Array("Hộ tịch".unicodeScalars))
        XCTAssertEqual(procedure.fees.first?.name, "Lệ phí")
        XCTAssertEqual(procedure.level, "Toàn trình")
    }

    func testLoadRefusesMalformedAndOversizedData() {
        let malformed: [(json: String, problem: String)] = [
            ("not json", "invalid JSON at line 1, column 1 (byte 0): invalid literal, expected 'null'"),
            ("{\"procedures\": [],\n  \"source\": \"x\",\n}", "invalid JSON at line 3, column 1 (byte 36): trailing comma before '}' is not allowed"),
            (#"{"procedures": [], "procedures": []}"#,
             #"invalid JSON at line 1, column 20 (byte 19): duplicate object key "procedures"; each key may appear only once"#),
            (#"[]"#, "expected a JSON object at the top level, got array"),
            (#"{"source": "x"}"#, "procedures: is required"),
            (#"{"source": 1, "procedures": []}"#, "source: expected a string, got number"),
            (#"{"procedures": {}}"#, "procedures: expected an array, got object"),
            (#"{"procedures": [{"code": "1.001193"}]}"#, "procedures[0].name: is required"),
            (#"{"procedures": [\#(minimalProcedure), {"code": "1.001194", "name": "A", "field": "B", "timeLimitWorkingDays": "1", "fees": []}]}"#,
             "procedures[1].timeLimitWorkingDays: expected a whole number, got string"),
            (#"{"procedures": [{"code": "1.001193", "name": "A", "field": "B", "timeLimitWorkingDays": 1.5, "fees": []}]}"#,
             "procedures[0].timeLimitWorkingDays: expected a whole number, got 1.5"),
            (#"{"procedures": [{"code": "1.001193", "name": "A", "field": "B", "timeLimitWorkingDays": 1}]}"#, "procedures[0].fees: is required"),
            (#"{"procedures": [{"code": "1.001193", "name": "A", "field": "B", "timeLimitWorkingDays": 1, "fees": [{"name": "Phí", "amountVND": "5000"}]}]}"#,
             "procedures[0].fees[0].amountVND: expected a whole number, got string"),
            (#"{"procedures": [{"code": "1.001193", "name": "A", "field": "B", "timeLimitWorkingDays": 1, "fees": [{"amountVND": 0}]}]}"#,
             "procedures[0].fees[0].name: is required"),
            (#"{"procedures": [{"code": "1.001193", "name": "A", "field": "B", "timeLimitWorkingDays": 1, "fees": [], "level": 2}]}"#,
             "procedures[0].level: expected a string, got number"),
        ]
        for testCase in malformed {
            XCTAssertThrowsError(try ProcedureCatalogue.load(jsonData: Data(testCase.json.utf8)), testCase.json) { error in
                XCTAssertEqual(error as? ProcedureCatalogueError, .malformed(testCase.problem), testCase.json)
            }
        }
        XCTAssertEqual(
            ProcedureCatalogueError.malformed("procedures[0].fees[0].amountVND: expected a whole number, got string").description,
            #"procedure catalogue: not the expected JSON {"source", "procedures": [{"code", "name", "field", "timeLimitWorkingDays", "timeLimitUnit"?, "timeLimit"?, "#
                + #""fees": [{"name", "amountVND"}], "level"?}]}: procedures[0].fees[0].amountVND: expected a whole number, got string"#)
        // A value of the right shape but out of range is refused by the checks, as for a list built in code.
        XCTAssertThrowsError(try ProcedureCatalogue.load(jsonData: Data(#"{"procedures": [{"code": "1.001193", "name": " ", "field": "B", "timeLimitWorkingDays": 1, "fees": []}]}"#.utf8))) { error in
            XCTAssertEqual(error as? ProcedureCatalogueError, .invalid(ValidationIssue(field: "procedures[0].name", message: "must not be empty")))
        }
        let huge = Data(count: ProcedureCatalogue.maxJSONBytes + 1)
        XCTAssertThrowsError(try ProcedureCatalogue.load(jsonData: huge)) { error in
            XCTAssertEqual(error as? ProcedureCatalogueError, .tooLarge(bytes: huge.count, maxBytes: ProcedureCatalogue.maxJSONBytes))
        }
        let minimal = #"{"procedures": [\#(minimalProcedure)]}"#
        XCTAssertEqual(try ProcedureCatalogue.load(jsonData: Data(minimal.utf8)).procedure(code: "1.001193")?.level, nil)
    }

    /// What the file format has always allowed: unknown keys (notes), null for optional fields,
    /// whole numbers written as 1.0, and a UTF-8 byte-order mark from a Windows editor.
    func testLoadAcceptsWhatTheFormatAllows() throws {
        let annotated = #"""
            {"_note": "checked 2025-07-01", "source": null, "procedures": [
              {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "timeLimitWorkingDays": 3.0,
               "fees": [{"name": "Lệ phí", "amountVND": 5e3, "channel": "online"}], "level": null, "legalBasis": ["Luật Hộ tịch"]}]}
            """#
        let catalogue = try ProcedureCatalogue.load(jsonData: Data([0xEF, 0xBB, 0xBF] + Array(annotated.utf8)))
        let procedure = try XCTUnwrap(catalogue.procedure(code: "1.001193"))
        XCTAssertEqual(procedure.timeLimitWorkingDays, 3)
        XCTAssertEqual(procedure.fees, [Fee(name: "Lệ phí", amountVND: 5_000)])
        XCTAssertNil(procedure.level)
        XCTAssertEqual(catalogue.source, "")
    }

    func testTimeLimitUnitsAreReadAndCheckedAndDefaultToWorkingDays() throws {
        func entry(_ extra: String) -> String {
            #"{"procedures": [{"code": "1.003554", "name": "Hòa giải tranh chấp đất đai", "field": "Đất đai", "timeLimitWorkingDays": 30, "fees": []\#(extra)}]}"#
        }
        let read: [(extra: String, limit: TimeLimit)] = [
            ("", .workingDays(30)),
            (#", "timeLimitUnit": null"#, .workingDays(30)),
            (#", "timeLimitUnit": "workingDays""#, .workingDays(30)),
            (#", "timeLimitUnit": "calendarDays", "timeLimit": 30"#, TimeLimit(amount: 30, unit: .calendarDays)),
            (#", "timeLimitUnit": "sameDay""#, TimeLimit(amount: 1, unit: .sameDay)),
            (#", "timeLimitUnit": "workingHours", "timeLimit": 4"#, TimeLimit(amount: 4, unit: .workingHours)),
            (#", "timeLimitUnit": "halfDays", "timeLimit": 3"#, TimeLimit(amount: 3, unit: .halfDays)),
        ]
        for (extra, limit) in read {
            let catalogue = try ProcedureCatalogue.load(jsonData: Data(entry(extra).utf8))
            XCTAssertEqual(catalogue.procedure(code: "1.003554")?.timeLimit, limit, extra)
            XCTAssertEqual(catalogue.procedure(code: "1.003554")?.timeLimitWorkingDays, 30, "older nodes' limit: \(extra)")
        }
        let refused: [(extra: String, message: String)] = [
            (#", "timeLimitUnit": "calendarDays""#, "procedures[0].timeLimit: is required with timeLimitUnit calendarDays"),
            (#", "timeLimitUnit": "halfDays""#, "procedures[0].timeLimit: is required with timeLimitUnit halfDays"),
            (#", "timeLimitUnit": "halfDays", "timeLimit": 366"#, "procedures[0].timeLimit: must be 1...365 halfDays; got 366"),
            (#", "timeLimitUnit": "sameDay", "timeLimit": 2"#, "procedures[0].timeLimit: a same-day limit is 1 (day); got 2"),
            (#", "timeLimitUnit": "workingHours", "timeLimit": 0"#, "procedures[0].timeLimit: must be 1...365 workingHours; got 0"),
            (#", "timeLimit": 20"#, "procedures[0].timeLimit: 20 working days contradicts timeLimitWorkingDays 30"),
            (#", "timeLimitUnit": "fortnights", "timeLimit": 2"#, "procedures[0].timeLimitUnit: \"fortnights\" is not allowed"),
        ]
        for (extra, message) in refused {
            XCTAssertThrowsError(try ProcedureCatalogue.load(jsonData: Data(entry(extra).utf8)), extra) { error in
                XCTAssertTrue(String(describing: error).contains(message), "\(error)")
            }
        }
    }

    func testFeeUnitsAreReadAndChecked() throws {
        func entry(_ fee: String) -> Data {
            Data(#"{"procedures": [{"code": "2.000815", "name": "Chứng thực bản sao", "field": "Chứng thực", "timeLimitWorkingDays": 1, "fees": [\#(fee)]}]}"#.utf8)
        }
        let read: [(fee: String, expected: Fee)] = [
            (#"{"name": "Phí", "amountVND": 2000}"#, Fee(name: "Phí", amountVND: 2_000)),
            (#"{"name": "Phí", "amountVND": 8000, "unit": "perCopy"}"#, Fee(name: "Phí", amountVND: 8_000, unit: .perCopy)),
            (#"{"name": "Phí", "amountVND": 1000, "unit": "perPage", "fromPage": 3, "maxPerCopyVND": 196000}"#,
             Fee(name: "Phí", amountVND: 1_000, unit: .perPage, fromPage: 3, maxPerCopyVND: 196_000)),
        ]
        for (fee, expected) in read {
            XCTAssertEqual(try ProcedureCatalogue.load(jsonData: entry(fee)).procedure(code: "2.000815")?.fees, [expected], fee)
        }
        let refused: [(fee: String, message: String)] = [
            (#"{"name": "Phí", "amountVND": 1000, "fromPage": 3}"#, "procedures[0].fees[0].fromPage: applies only to a fee with unit perPage"),
            (#"{"name": "Phí", "amountVND": 1000, "unit": "perCopy", "maxPerCopyVND": 5}"#, "procedures[0].fees[0].maxPerCopyVND: applies only to a fee with unit perPage"),
            (#"{"name": "Phí", "amountVND": 1000, "unit": "perPage", "fromPage": 3, "toPage": 2}"#, "procedures[0].fees[0].toPage: must not be before fromPage 3; got 2"),
            (#"{"name": "Phí", "amountVND": 1000, "unit": "perPage", "fromPage": 0}"#, "procedures[0].fees[0].fromPage: must be 1 or more; got 0"),
            (#"{"name": "Phí", "amountVND": 1000, "unit": "perSheet"}"#, "procedures[0].fees[0].unit: \"perSheet\" is not allowed"),
        ]
        for (fee, message) in refused {
            XCTAssertThrowsError(try ProcedureCatalogue.load(jsonData: entry(fee)), fee) { error in
                XCTAssertTrue(String(describing: error).contains(message), "\(error)")
            }
        }
    }

    func testShippedCatalogueChargesCertifiedCopiesPerPageAndExtractsPerCopy() throws {
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(contentsOf: Self.shippedFile))
        let copies = try XCTUnwrap(catalogue.procedure(code: "2.000815")?.fees)
        let fivePages = [DocumentItem(name: "Giấy khai sinh", pages: 5)]
        XCTAssertEqual(FeeCalculation.total(FeeCalculation.lines(copies, documents: fivePages)), 7_000)
        let extract = try XCTUnwrap(catalogue.procedure(code: "2.000635")?.fees)
        XCTAssertEqual(FeeCalculation.total(FeeCalculation.lines(extract, documents: [DocumentItem(name: "Tờ khai", copiesRequested: 3)])), 24_000)
    }

    /// Codes found wrong in review (shared DOMAIN.md), corrected where public sources agree.
    func testShippedCatalogueCarriesTheCorrectedCodes() throws {
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(contentsOf: Self.shippedFile))
        let corrected = [
            ("1.001570", "1.001266", "Tạm ngừng hoạt động hộ kinh doanh"),
            ("2.000720", "2.000575", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh"),
            ("1.003197", "1.004206", "Xóa đăng ký thường trú"),
            ("1.003677", "1.004228", "Khai báo tạm vắng"),
            ("1.010041", "1.004227", "Xác nhận thông tin về cư trú"),
            ("2.001406", nil, "Chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở"),
            ("2.001019", "2.001009", "Chứng thực di chúc"),
        ]
        for (code, wrong, name) in corrected {
            XCTAssertEqual(catalogue.procedure(code: code)?.name, name, code)
            if let wrong { XCTAssertNil(catalogue.procedure(code: wrong), "\(wrong) named another procedure") }
        }
        XCTAssertNil(catalogue.procedure(code: "1.010833"), "1.010833 is not the funeral allowance of people with merit")
    }

    /// Every entry of the shipped file states who decides it and where it may be filed, rather
    /// than leaning on the defaults meant for older files.
    func testShippedCatalogueStatesAuthorityAndReachOfEveryProcedure() throws {
        let file = try JSONParser().parse(Array(Data(contentsOf: Self.shippedFile)))
        for entry in file["procedures"]?.arrayValue ?? [] {
            let code = entry["code"]?.stringValue ?? "?"
            for key in ["competentAuthority", "locationIndependence", "receivedAtCommuneCentre"] {
                XCTAssertNotNil(entry[key], "\(code) states \(key)")
            }
        }
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(contentsOf: Self.shippedFile))
        for procedure in catalogue.all where procedure.field == "Cư trú" {
            XCTAssertEqual(procedure.competentAuthority, .communePolice, procedure.code)
            XCTAssertFalse(procedure.receivedAtCommuneCentre, procedure.code)
        }
        XCTAssertEqual(catalogue.procedure(code: "1.001193")?.competentAuthority, .communePeoplesCommittee)
        XCTAssertEqual(catalogue.procedure(code: "2.000815")?.locationIndependence, .nationwide)
        XCTAssertEqual(catalogue.procedure(code: "1.012790")?.competentAuthority, .landRegistrationOffice)
    }

    /// A catalogue written before these fields (an operator's `--catalogue` file) loads as the
    /// node treated it then: the commune's, location-independent in the province, received here.
    func testAuthorityAndReachAreReadCheckedAndDefaultForOlderCatalogues() throws {
        func entry(_ extra: String) -> Data {
            Data(#"{"procedures": [{"code": "1.004194", "name": "Đăng ký tạm trú", "field": "Cư trú", "timeLimitWorkingDays": 3, "fees": []\#(extra)}]}"#.utf8)
        }
        let read: [(extra: String, authority: CompetentAuthority, reach: LocationIndependence, received: Bool)] = [
            ("", .communePeoplesCommittee, .province, true),
            (#", "competentAuthority": null, "locationIndependence": null, "receivedAtCommuneCentre": null"#, .communePeoplesCommittee, .province, true),
            (#", "competentAuthority": "communePolice", "locationIndependence": "none", "receivedAtCommuneCentre": false"#, .communePolice, .none, false),
            (#", "competentAuthority": "landRegistrationOffice", "locationIndependence": "nationwide""#, .landRegistrationOffice, .nationwide, true),
        ]
        for testCase in read {
            let procedure = try XCTUnwrap(ProcedureCatalogue.load(jsonData: entry(testCase.extra)).procedure(code: "1.004194"))
            XCTAssertEqual(procedure.competentAuthority, testCase.authority, testCase.extra)
            XCTAssertEqual(procedure.locationIndependence, testCase.reach, testCase.extra)
            XCTAssertEqual(procedure.receivedAtCommuneCentre, testCase.received, testCase.extra)
        }
        let refused: [(extra: String, message: String)] = [
            (#", "competentAuthority": "districtPolice""#,
             #"procedures[0].competentAuthority: "districtPolice" is not allowed; expected one of: communePeoplesCommittee, communePolice, landRegistrationOffice, provincialAgency, school"#),
            (#", "locationIndependence": "region""#,
             #"procedures[0].locationIndependence: "region" is not allowed; expected one of: none, province, nationwide"#),
            (#", "receivedAtCommuneCentre": "no""#, "procedures[0].receivedAtCommuneCentre: expected true or false, got string"),
            (#", "receivedAtCommuneCentre": false"#,
             "procedures[0].receivedAtCommuneCentre: a procedure of the commune People's Committee is received at commune centres; name its competentAuthority"),
        ]
        for (extra, message) in refused {
            XCTAssertThrowsError(try ProcedureCatalogue.load(jsonData: entry(extra)), extra) { error in
                XCTAssertTrue(String(describing: error).hasSuffix(message), "\(error)")
            }
        }
    }

    func testShippedCatalogueGivesSameDayAndCalendarDayLimits() throws {
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(contentsOf: Self.shippedFile))
        for code in ["1.001193", "2.000815", "2.000884"] {
            XCTAssertEqual(catalogue.procedure(code: code)?.timeLimit, TimeLimit(amount: 1, unit: .sameDay), code)
        }
        XCTAssertEqual(catalogue.procedure(code: "1.003554")?.timeLimit, TimeLimit(amount: 30, unit: .calendarDays))
        XCTAssertEqual(catalogue.procedure(code: "1.000894")?.timeLimit, .workingDays(5))
    }

    func testCatalogueTimeLimitsGiveDueDates() throws {
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(contentsOf: Self.shippedFile))
        let calendar = try WorkingCalendar(holidays: [])
        let received = try XCTUnwrap(VietnamTime.parseISO8601("2025-07-07T09:00:00+07:00"))
        for procedure in catalogue.all {
            let due = try calendar.dueDate(receivedAt: received, workingDays: procedure.timeLimitWorkingDays)
            XCTAssertEqual(try calendar.workingTime(from: received, to: due),
                           Int64(procedure.timeLimitWorkingDays) * calendar.workingMillisPerDay, procedure.code)
        }
    }

    private let minimalProcedure = #"{"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "timeLimitWorkingDays": 1, "fees": []}"#

    private func sample(code: String, name: String = "Đăng ký thành lập hộ kinh doanh", days: Int = 3, fees: [Fee] = []) -> Procedure {
        Procedure(code: code, name: name, field: "Thành lập và hoạt động của hộ kinh doanh",
                  timeLimitWorkingDays: days, fees: fees, level: "Toàn trình")
    }
}
