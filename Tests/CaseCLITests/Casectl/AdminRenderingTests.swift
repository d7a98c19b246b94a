import CaseCore
import XCTest
@testable import CaseCLI
import CaseSupport

/// Golden renderings of `casectl report` and `casectl backup` from fixed node answers.
final class AdminRenderingTests: XCTestCase {
    static func figures(
        _ received: Int64, _ carried: Int64, onTime: Int64, late: Int64, rate: Double?, closed: Int64 = 0, notDue: Int64 = 0,
        overdue: Int64 = 0, apologies: Int64 = 0, others: Int64 = 0, out: Int64 = 0, taken: Int64 = 0, online: Int64 = 0,
        post: Int64? = 0
    ) -> JSONValue {
        // The one late dossier of each row with an apology was apologised; one on-time dossier
        // of each row was early; each closed one was withdrawn, with a supplement asked first.
        let apologised: Int64 = apologies > 0 ? late : 0
        var object: [String: JSONValue] = [
            "received": .int(received), "receivedAtCounter": .int(received - online - (post ?? 0)), "receivedOnline": .int(online),
            "carriedOver": .int(carried), "totalToProcess": .int(received + carried), "resolved": .int(onTime + late),
            "resolvedOnTime": .int(onTime), "resolvedEarly": .int(min(onTime, 1)), "resolvedLate": .int(late),
            "supplementRequests": .int(closed), "refusals": .int(online), "withdrawals": .int(closed),
            "transferredOut": .int(0), "transferredIn": .int(0),
            "resolvedApologised": .int(apologised), "onTimeRatePercent": rate.map { .double($0) } ?? .null, "closedWithoutResult": .int(closed),
            "inProgress": .int(notDue + overdue), "inProgressNotYetDue": .int(notDue), "inProgressOverdue": .int(overdue),
            "apologies": .int(apologies), "receivedForOtherCentres": .int(others), "handedOver": .int(out), "takenOver": .int(taken),
        ]
        // nil: the answer of a node that knows no post, which has no such figure.
        object["receivedByPost"] = post.map { .int($0) }
        return .object(object)
    }

    static let report: JSONValue = [
        "node": "n1", "from": "2025-07-01", "to": "2025-07-31",
        "periodStart": "2025-07-01T00:00:00.000+07:00", "periodEnd": "2025-08-01T00:00:00.000+07:00",
        "asOf": "2025-08-01T00:00:00.000+07:00", "centre": nil,
        "centres": [
            [
                "centre": "n1", "figures": figures(9, 3, onTime: 2, late: 1, rate: 66.7, closed: 2, notDue: 3, overdue: 4, apologies: 1, others: 2, online: 1, post: 1),
                "procedures": [
                    ["procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh", "procedureField": "Hộ tịch",
                     "figures": figures(8, 2, onTime: 2, late: 1, rate: 66.7, closed: 2, notDue: 3, overdue: 2, apologies: 1, others: 1, online: 1, post: 1)],
                    ["procedureCode": "2.000635", "procedureName": "Chứng thực bản sao, \"bản chính\"",
                     "figures": figures(1, 1, onTime: 0, late: 0, rate: nil, overdue: 2, others: 1)],
                ],
                "fields": [
                    ["procedureField": "Hộ tịch",
                     "figures": figures(8, 2, onTime: 2, late: 1, rate: 66.7, closed: 2, notDue: 3, overdue: 2, apologies: 1, others: 1, online: 1, post: 1)],
                    ["procedureField": nil, "figures": figures(1, 1, onTime: 0, late: 0, rate: nil, overdue: 2, others: 1)],
                ],
            ],
            [
                "centre": "n4", "figures": figures(1, 1, onTime: 0, late: 0, rate: nil, overdue: 2, taken: 1, post: nil),
                "procedures": [["procedureCode": "2.000635", "figures": figures(1, 1, onTime: 0, late: 0, rate: nil, overdue: 2, taken: 1, post: nil)]],
                "fields": [["procedureField": "Chứng thực", "figures": figures(1, 1, onTime: 0, late: 0, rate: nil, overdue: 2, taken: 1, post: nil)]],
            ],
        ],
        "totals": figures(10, 4, onTime: 2, late: 1, rate: 66.7, closed: 2, notDue: 3, overdue: 6, apologies: 1, others: 2, taken: 1, online: 1, post: 1),
        "lateDossiers": [
            ["code": "000.00.11.H56-250702-0001", "centre": "n1", "procedureCode": "1.001612", "procedureName": "Đăng ký thành lập hộ kinh doanh",
             "reason": "chờ xác minh"],
        ],
    ]

    static let legend = """
        Counter/Online/Post received in the period (Recv all three; Post empty from nodes that know no
        post), Carry carried over into it, Total to process; OnTime/Late resolved by/after the due date (an
        apology does not move it), Early of OnTime before the due day, Apologised of those resolved after an
        apology, Rate on-time rate; Closed stopped (withdrawn or no result); NotDue/Overdue still in
        progress; Apology, Suppl, Refused, Withdrawn apologies, supplement requests, intake refusals,
        withdrawal requests in the period; Others filed here for other centres (phi địa giới); Out/In handed
        over to/taken over from merged centres; TrOut/TrIn transferred. Per centre, Total + In + TrIn =
        OnTime + Late + Closed + NotDue + Overdue + Out + TrOut.
        """

    func testReportTableHasARowPerCentreAndATotal() {
        XCTAssertEqual(ReportCommand.table(Self.report, breakdown: nil), """
            Report of node n1 for 2025-07-01 to 2025-07-31; in progress judged at 2025-08-01T00:00:00.000+07:00

            Centre  Counter  Online  Post  Recv  Carry  Total  Early  OnTime  Late  Apologised   Rate  Closed  NotDue  Overdue  Apology  Suppl  Refused  Withdrawn  Others  Out  In  TrOut  TrIn
            ------  -------  ------  ----  ----  -----  -----  -----  ------  ----  ----------  -----  ------  ------  -------  -------  -----  -------  ---------  ------  ---  --  -----  ----
            n1            7       1     1     9      3     12      1       2     1           1  66.7%       2       3        4        1      2        1          2       2    0   0      0     0
            n4            1       0           1      1      2      0       0     0           0      -       0       0        2        0      0        0          0       0    0   1      0     0
            TOTAL         8       1     1    10      4     14      1       2     1           1  66.7%       2       3        6        1      2        1          2       2    0   1      0     0

            \(Self.legend)

            Resolved late (reason from the apology, Mẫu 04):
              000.00.11.H56-250702-0001  n1  1.001612 Đăng ký thành lập hộ kinh doanh  chờ xác minh
            """)
    }

    func testReportTableByProcedureListsEachCentresProcedures() {
        XCTAssertEqual(ReportCommand.table(Self.report, breakdown: .procedure), """
            Report of node n1 for 2025-07-01 to 2025-07-31; in progress judged at 2025-08-01T00:00:00.000+07:00

            Centre  Procedure  Counter  Online  Post  Recv  Carry  Total  Early  OnTime  Late  Apologised   Rate  Closed  NotDue  Overdue  Apology  Suppl  Refused  Withdrawn  Others  Out  In  TrOut  TrIn
            ------  ---------  -------  ------  ----  ----  -----  -----  -----  ------  ----  ----------  -----  ------  ------  -------  -------  -----  -------  ---------  ------  ---  --  -----  ----
            n1      all              7       1     1     9      3     12      1       2     1           1  66.7%       2       3        4        1      2        1          2       2    0   0      0     0
            n1      1.001612         6       1     1     8      2     10      1       2     1           1  66.7%       2       3        2        1      2        1          2       1    0   0      0     0
            n1      2.000635         1       0     0     1      1      2      0       0     0           0      -       0       0        2        0      0        0          0       1    0   0      0     0
            n4      all              1       0           1      1      2      0       0     0           0      -       0       0        2        0      0        0          0       0    0   1      0     0
            n4      2.000635         1       0           1      1      2      0       0     0           0      -       0       0        2        0      0        0          0       0    0   1      0     0
            TOTAL   all              8       1     1    10      4     14      1       2     1           1  66.7%       2       3        6        1      2        1          2       2    0   1      0     0

            \(Self.legend)

            Resolved late (reason from the apology, Mẫu 04):
              000.00.11.H56-250702-0001  n1  1.001612 Đăng ký thành lập hộ kinh doanh  chờ xác minh
            """)
    }

    func testReportByFieldSumsEachCentresProceduresPerFieldUnknownLast() {
        let lines = ReportCommand.table(Self.report, breakdown: .field).split(separator: "\n").map(String.init)
        // Centre, field and the Counter figure of each row: the field column is as wide as "(not in catalogue)".
        let rows = lines[3...8].map { line in
            line.split(separator: "  ", omittingEmptySubsequences: true).prefix(3).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertEqual(lines[1].prefix(14), "Centre  Field ")
        XCTAssertEqual(rows, [
            ["n1", "all", "7"], ["n1", "Hộ tịch", "6"], ["n1", "(not in catalogue)", "1"],
            ["n4", "all", "1"], ["n4", "Chứng thực", "1"], ["TOTAL", "all", "8"],
        ])
        let csv = ReportCommand.csv(Self.report, breakdown: .field).components(separatedBy: "\r\n")
        XCTAssertEqual(csv.count, 5, "header, three rows, nothing after the last CRLF")
        XCTAssertTrue(csv[1].hasPrefix("2025-07-01,2025-07-31,n1,,,Hộ tịch,6,1,1,8,"), csv[1])
        XCTAssertTrue(csv[2].hasPrefix("2025-07-01,2025-07-31,n1,,,,1,0,0,1,"), csv[2])
        XCTAssertTrue(csv[3].hasPrefix("2025-07-01,2025-07-31,n4,,,Chứng thực,1,0,,1,"), csv[3])
    }

    func testReportHeadingNamesTheCentreAskedFor() {
        XCTAssertEqual(
            ReportCommand.heading(Self.report.setting("centre", "n4")),
            "Report of node n1 for 2025-07-01 to 2025-07-31, centre n4; in progress judged at 2025-08-01T00:00:00.000+07:00")
    }

    func testReportCSVIsRFC4180WithDisjointRows() {
        let header = "from,to,centre,procedureCode,procedureName,procedureField,receivedAtCounter,receivedOnline,receivedByPost,received,carriedOver,totalToProcess,resolvedEarly,resolvedOnTime,resolvedLate,resolvedApologised,onTimeRatePercent,closedWithoutResult,inProgressNotYetDue,inProgressOverdue,apologies,supplementRequests,refusals,withdrawals,receivedForOtherCentres,handedOver,takenOver,transferredOut,transferredIn\r\n"
        XCTAssertEqual(ReportCommand.csv(Self.report, breakdown: nil), header
            + "2025-07-01,2025-07-31,n1,,,,7,1,1,9,3,12,1,2,1,1,66.7,2,3,4,1,2,1,2,2,0,0,0,0\r\n"
            + "2025-07-01,2025-07-31,n4,,,,1,0,,1,1,2,0,0,0,0,,0,0,2,0,0,0,0,0,0,1,0,0\r\n")
        XCTAssertEqual(ReportCommand.csv(Self.report, breakdown: .procedure), header
            + "2025-07-01,2025-07-31,n1,1.001612,Đăng ký khai sinh,Hộ tịch,6,1,1,8,2,10,1,2,1,1,66.7,2,3,2,1,2,1,2,1,0,0,0,0\r\n"
            + "2025-07-01,2025-07-31,n1,2.000635,\"Chứng thực bản sao, \"\"bản chính\"\"\",,1,0,0,1,1,2,0,0,0,0,,0,0,2,0,0,0,0,1,0,0,0,0\r\n"
            + "2025-07-01,2025-07-31,n4,2.000635,,,1,0,,1,1,2,0,0,0,0,,0,0,2,0,0,0,0,0,0,1,0,0\r\n")
    }

    static let handover: JSONValue = [
        "node": "n1", "retired": "n3", "successor": "n4", "asOf": "2025-08-20T12:00:00.000+07:00",
        "handedOver": 2, "overdue": 1, "byStatus": ["processing": 1, "resolved": 1],
        "dossiers": [
            ["code": "000.00.13.H56-250625-0001", "procedureCode": "2.000635", "procedureName": "Cấp bản sao Trích lục hộ tịch", "handedOverAt": "2025-06-25T10:00:00.000+07:00",
             "successor": "n4", "handlingCentre": "n4", "status": "processing", "dueAt": "2025-07-02T10:00:00.000+07:00", "overdue": true],
            ["code": "000.00.13.H56-250710-0001", "procedureCode": "2.000635", "procedureName": "Cấp bản sao Trích lục hộ tịch", "handedOverAt": "2025-07-20T10:00:00.000+07:00",
             "successor": "n4", "handlingCentre": "n2", "status": "resolved", "dueAt": "2025-07-24T10:00:00.000+07:00", "overdue": false],
        ],
    ]

    func testHandoverReportListsEachDossierWhereItIsNowAndASummary() {
        XCTAssertEqual(HandoverReportOutput.table(Self.handover), """
            Handover of n3 to n4 on node n1, as of 2025-08-20T12:00:00.000+07:00

            Code                       Procedure  Name                           HandedOver                     To  Handling  Status      Due                            Overdue
            -------------------------  ---------  -----------------------------  -----------------------------  --  --------  ----------  -----------------------------  -------
            000.00.13.H56-250625-0001  2.000635   Cấp bản sao Trích lục hộ tịch  2025-06-25T10:00:00.000+07:00  n4  n4        processing  2025-07-02T10:00:00.000+07:00  yes
            000.00.13.H56-250710-0001  2.000635   Cấp bản sao Trích lục hộ tịch  2025-07-20T10:00:00.000+07:00  n4  n2        resolved    2025-07-24T10:00:00.000+07:00  no

            2 handed over; now processing 1, resolved 1; 1 overdue
            """)
        XCTAssertEqual(HandoverReportOutput.csv(Self.handover),
            "retired,code,procedureCode,procedureName,handedOverAt,successor,handlingCentre,status,dueAt,overdue\r\n"
            + "n3,000.00.13.H56-250625-0001,2.000635,Cấp bản sao Trích lục hộ tịch,2025-06-25T10:00:00.000+07:00,n4,n4,processing,2025-07-02T10:00:00.000+07:00,yes\r\n"
            + "n3,000.00.13.H56-250710-0001,2.000635,Cấp bản sao Trích lục hộ tịch,2025-07-20T10:00:00.000+07:00,n4,n2,resolved,2025-07-24T10:00:00.000+07:00,no\r\n")
    }

    func testCSVFieldsAreQuotedOnlyWhenTheyMustBe() {
        let cases: [(field: String, written: String)] = [
            ("plain", "plain"), ("", ""), ("66.7", "66.7"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""), ("cr\r", "\"cr\r\""), ("Nguyễn Văn Ánh", "Nguyễn Văn Ánh"), (" spaced ", " spaced "),
        ]
        for (field, written) in cases {
            XCTAssertEqual(CSVText.field(field), written, field)
        }
        XCTAssertEqual(CSVText.document(header: ["a", "b"], records: [["1", "x,y"]]), "a,b\r\n1,\"x,y\"\r\n")
    }

    // MARK: - Backup

    static let backup: JSONValue = [
        "path": "/srv/casestore/n1/backups/n1-2026-11-21.sqlite", "file": "n1-2026-11-21.sqlite", "bytes": 4_404_019,
        "pages": 1_076, "dossiers": 1_234, "events": 5_678, "digest": "5c1f00aa", "durationMs": 1_340, "sourceNode": "n1",
        "versionVector": ["n1": 5_000, "n2": 678],
    ]

    func testBackupSummarySaysWhatTheCopyHoldsAndHowToStartFromIt() {
        XCTAssertEqual(BackupCommand.render(Self.backup), """
            Backup written to /srv/casestore/n1/backups/n1-2026-11-21.sqlite on the node's machine.
              1234 dossiers, 5678 events, 4.2 MiB (1076 pages), in 1.3 s.
              Digest 5c1f00aa, checked against the node's at the snapshot.
              Copied from node n1; the copy has no node identity.
            To start a node from it there: mkdir -m 700 NEW-DIR && cp /srv/casestore/n1/backups/n1-2026-11-21.sqlite NEW-DIR/casestore.sqlite && casenode --id NEW-ID --data NEW-DIR
            """)
        let withoutSource = Self.backup.setting("sourceNode", nil)
        XCTAssertFalse(BackupCommand.render(withoutSource).contains("Copied from node"))
    }

    func testSizesAndDurationsAreShortAndTheSameEverywhere() {
        let sizes: [(bytes: Int64, text: String)] = [
            (0, "0 B"), (1_023, "1023 B"), (1_024, "1.0 KiB"), (45_056, "44.0 KiB"), (1_048_575, "1024.0 KiB"),
            (1_048_576, "1.0 MiB"), (3_221_225_472, "3.0 GiB"), (5 << 40, "5.0 TiB"), (5 << 50, "5120.0 TiB"),
        ]
        for (bytes, text) in sizes { XCTAssertEqual(BackupCommand.byteSize(bytes), text, "\(bytes)") }
        let durations: [(ms: Int64, text: String)] = [(0, "0 ms"), (999, "999 ms"), (1_000, "1.0 s"), (59_949, "59.9 s"), (245_400, "4 min 5 s")]
        for (ms, text) in durations { XCTAssertEqual(BackupCommand.duration(ms), text, "\(ms)") }
    }

    func testProgressLinesFollowTheStatusOfThisBackupOnly() {
        func status(_ file: String, phase: String, copied: Int64, total: Int64?) -> JSONValue {
            let current: JSONValue = [
                "path": .string("/b/" + file), "file": .string(file), "phase": .string(phase), "pagesCopied": .int(copied),
            ]
            return ["running": true, "current": current.setting("pagesTotal", total.map { .int($0) }), "last": nil]
        }
        let mine = "casestore.sqlite"
        let statuses: [JSONValue] = [
            ["running": false, "current": nil, "last": nil],
            status("other.sqlite", phase: "copying", copied: 5, total: 10),
            status(mine, phase: "copying", copied: 0, total: nil),
            status(mine, phase: "copying", copied: 256, total: 1_000),
            status(mine, phase: "copying", copied: 256, total: 1_000),
            status(mine, phase: "copying", copied: 1_000, total: 1_000),
            status(mine, phase: "verifying", copied: 1_000, total: 1_000),
        ]
        var progress = ProgressLine()
        XCTAssertEqual(statuses.compactMap { progress.next($0, file: mine) }, [
            "backup: copying",
            "backup: copying 25% (256 of 1000 pages)",
            "backup: copying 100% (1000 of 1000 pages)",
            "backup: verifying 100% (1000 of 1000 pages)",
        ])
    }
}

extension JSONValue {
    /// This object with `key` set to `value` (removed when nil).
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        var object = objectValue ?? [:]
        object[key] = value
        return .object(object)
    }
}
