import CaseCore
import Foundation
import XCTest
@testable import CaseNode

final class NodeConfigurationTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testDefaultsServeASingleLocalNode() throws {
        let configuration = NodeConfiguration()
        XCTAssertEqual(configuration.id, "local")
        XCTAssertEqual(configuration.dataDirectory, "./casestore-data")
        XCTAssertEqual(configuration.databasePath, "./casestore-data/casestore.sqlite")
        XCTAssertEqual(configuration.httpAddress, ListenAddress(host: "127.0.0.1", port: 7400))
        XCTAssertEqual(configuration.httpAddress.description, "127.0.0.1:7400")
        XCTAssertNil(configuration.agency)
        XCTAssertEqual(configuration.agencyCode, "LOCAL")
        XCTAssertNil(configuration.cataloguePath)
        XCTAssertNil(configuration.holidaysPath)
        XCTAssertEqual(configuration.workingPeriods, WorkingCalendar.defaultPeriods)
        XCTAssertNoThrow(try configuration.validate())
    }

    /// '-' and '_' become '.', so distinct ids (ha-noi, hanoi) never share a dossier-code prefix.
    func testTheAgencyDefaultsToTheIdInCapitals() throws {
        let cases: [(id: String, agency: String)] = [
            ("n1", "N1"), ("xa-phuoc.long", "XA.PHUOC.LONG"), ("centre_7", "CENTRE.7"), ("hanoi", "HANOI"), ("ha-noi", "HA.NOI"),
        ]
        for (id, agency) in cases {
            var configuration = NodeConfiguration()
            try configuration.apply(["id": id], source: "--")
            XCTAssertEqual(configuration.agencyCode, agency, id)
        }
    }

    func testAConfigFileOverridesDefaultsAndFlagsOverrideTheFile() throws {
        let path = try write("node.json", #"{"id": "n1", "data": "/srv/casestore/n1", "http": "0.0.0.0:7410", "agency": "000.00.12.H56", "working-hours": "07:30-11:30"}"#)
        var configuration = NodeConfiguration()
        try configuration.apply(try NodeConfiguration.settings(fromFile: path), source: "config file \(path)")
        XCTAssertEqual(configuration.id, "n1")
        XCTAssertEqual(configuration.dataDirectory, "/srv/casestore/n1")
        XCTAssertEqual(configuration.httpAddress, ListenAddress(host: "0.0.0.0", port: 7410))
        XCTAssertEqual(configuration.agencyCode, "000.00.12.H56")
        XCTAssertEqual(configuration.workingPeriods, [WorkingPeriod(startMinute: 450, endMinute: 690)])

        try configuration.apply(["http": "127.0.0.1:7420", "id": "n2", "catalogue": "/etc/procedures.json"], source: "--")
        XCTAssertEqual(configuration.id, "n2")
        XCTAssertEqual(configuration.httpAddress, ListenAddress(host: "127.0.0.1", port: 7420))
        XCTAssertEqual(configuration.cataloguePath, "/etc/procedures.json")
        XCTAssertEqual(configuration.dataDirectory, "/srv/casestore/n1", "what the flags do not say stays as the file said")
        XCTAssertEqual(configuration.agencyCode, "000.00.12.H56")
    }

    /// The receipt's QR code points at the public URL; without one, at the advertised API
    /// address, else at the bound one, always as a URL.
    func testThePublicLookupBaseFallsBackToTheAdvertisedThenTheBoundAddress() throws {
        var configuration = NodeConfiguration()
        XCTAssertEqual(configuration.publicLookupBase(boundHTTPPort: 41_234), "http://127.0.0.1:41234")
        try configuration.apply(["advertise-http": "10.0.0.7:7400"], source: "--")
        XCTAssertEqual(configuration.publicLookupBase(boundHTTPPort: 41_234), "http://10.0.0.7:7400")
        try configuration.apply(["advertise-http": "https://ba-dinh.example.vn"], source: "--")
        XCTAssertEqual(configuration.publicLookupBase(boundHTTPPort: 41_234), "https://ba-dinh.example.vn:443")
        try configuration.apply(["public-url": "https://dichvucong.example.vn/xa"], source: "--")
        XCTAssertEqual(configuration.publicLookupBase(boundHTTPPort: 41_234), "https://dichvucong.example.vn/xa")
        for bad in ["dichvucong.example.vn", "https://a b", "https://x/?ma=", "https://" + String(repeating: "x", count: 120)] {
            XCTAssertThrowsError(try configuration.apply(["public-url": bad], source: "--")) { error in
                XCTAssertTrue("\(error)".contains("public-url"), "\(error)")
            }
        }
        XCTAssertEqual(configuration.publicURL, "https://dichvucong.example.vn/xa", "a refused setting changes nothing")
    }

    /// The proxy is kept as the key the limits count by: an IPv6 proxy by its /64.
    func testTheLookupsTrustedProxyIsAnIPAddress() throws {
        var configuration = NodeConfiguration()
        XCTAssertNil(configuration.lookupTrustedProxy)
        try configuration.apply(["lookup-trusted-proxy": "2001:db8:1:2::7"], source: "--")
        XCTAssertEqual(configuration.lookupTrustedProxy, "2001:db8:1:2::/64")
        try configuration.apply(["lookup-trusted-proxy": "127.0.0.1"], source: "--")
        for bad in ["localhost", "127.0.0.1:8080", "", "10.0.0.256"] {
            XCTAssertThrowsError(try configuration.apply(["lookup-trusted-proxy": bad], source: "--")) { error in
                XCTAssertTrue("\(error)".contains("lookup-trusted-proxy"), "\(error)")
            }
        }
        XCTAssertEqual(configuration.lookupTrustedProxy, "127.0.0.1", "a refused setting changes nothing")
    }

    func testAConfigFileMayGiveNumbersAsNumbers() throws {
        let path = try write("numbers.json", #"{"id": 7}"#)
        XCTAssertEqual(try NodeConfiguration.settings(fromFile: path), ["id": "7"])
    }

    func testUnusableSettingsAreRefusedWithTheSettingAndWhatIsAllowed() {
        let cases: [(settings: [String: String], mentions: [String])] = [
            (["colour": "red"], ["unknown setting 'colour'", "known: id, data, http, agency, catalogue, holidays, working-hours"]),
            (["http": "localhost"], ["http", "expected host:port such as 127.0.0.1:7400", "'localhost'"]),
            (["http": ":7400"], ["http", "expected host:port"]),
            (["http": "127.0.0.1:99999"], ["http", "port must be a number from 0 to 65535"]),
            (["http": "127.0.0.1:web"], ["http", "port must be a number"]),
            (["id": "Centre 1"], ["id", "is not a node id"]),
            (["id": ""], ["id", "1 to 64 characters"]),
            (["agency": "ubnd xã"], ["agency", "may contain only A-Z, 0-9 and '.'"]),
            (["agency": ".H56"], ["agency", "dot-separated groups"]),
            (["data": ""], ["data", "must not be empty"]),
            (["working-hours": "7-11"], ["working-hours", "expected ranges like 07:00-11:30,13:30-17:00", "'7-11'"]),
            (["working-hours": "11:30-07:00"], ["working-hours"]),
            (["working-hours": "25:00-26:00"], ["working-hours"]),
            (["working-hours": "07:00-11:30;13:30-17:00"], ["working-hours"]),
            (["working-hours": ""], ["working-hours"]),
            (["working-hours": "07:00-12:00,11:00-17:00"], ["working-hours", "overlap"]),
            (["working-hours": "13:30-17:00,07:00-11:30"], ["working-hours", "sorted"]),
        ]
        for (settings, mentions) in cases {
            var configuration = NodeConfiguration()
            do {
                try configuration.apply(settings, source: "config file node.json")
                XCTFail("\(settings) was accepted")
            } catch {
                for text in mentions {
                    XCTAssertTrue(error.message.contains(text), "\(settings): '\(error.message)' does not mention '\(text)'")
                }
            }
        }
    }

    func testWorkingHoursParseIntoPeriods() throws {
        let cases: [(text: String, periods: [WorkingPeriod])] = [
            ("07:00-11:30,13:30-17:00", WorkingCalendar.defaultPeriods),
            ("08:00-12:00", [WorkingPeriod(startMinute: 480, endMinute: 720)]),
            (" 07:00 - 11:30 , 13:00 - 16:45 ", [WorkingPeriod(startMinute: 420, endMinute: 690), WorkingPeriod(startMinute: 780, endMinute: 1_005)]),
            ("00:00-24:00", [WorkingPeriod(startMinute: 0, endMinute: 1_440)]),
        ]
        for (text, periods) in cases {
            XCTAssertEqual(try NodeConfiguration.parseWorkingHours(text, source: "--"), periods, text)
            var configuration = NodeConfiguration()
            try configuration.apply(["working-hours": text], source: "--")
            XCTAssertEqual(configuration.workingPeriods, periods, text)
        }
        XCTAssertThrowsError(try NodeConfiguration.parseWorkingHours("23:00-24:30", source: "--"), "past midnight")
    }

    func testListenAddressesParse() throws {
        XCTAssertEqual(try ListenAddress(parsing: "127.0.0.1:0", setting: "http"), ListenAddress(host: "127.0.0.1", port: 0))
        XCTAssertEqual(try ListenAddress(parsing: "node-1.local:65535", setting: "http"), ListenAddress(host: "node-1.local", port: 65_535))
        XCTAssertThrowsError(try ListenAddress(parsing: "127.0.0.1:", setting: "http")) { error in
            XCTAssertTrue((error as? ConfigurationError)?.message.hasPrefix("http: ") ?? false, "\(error)")
        }
    }

    func testUnusableConfigFilesAreRefusedClearly() throws {
        let oversized = "{\"id\": \"" + String(repeating: "a", count: NodeConfiguration.maxConfigFileBytes) + "\"}"
        let cases: [(name: String, content: String?, mentions: String)] = [
            ("array.json", #"["id", "n1"]"#, "must hold a JSON object"),
            ("string.json", #""n1""#, "must hold a JSON object"),
            ("broken.json", #"{"id": "n1""#, "is not valid JSON"),
            ("prose.txt", "id = n1\n", "is not valid JSON"),
            ("empty.json", "", "is not valid JSON"),
            ("big.json", oversized, "is larger than \(NodeConfiguration.maxConfigFileBytes) bytes"),
            ("nested.json", #"{"id": {"name": "n1"}}"#, "'id' must be a string"),
            ("flag.json", #"{"id": true}"#, "'id' must be a string"),
            ("missing.json", nil, "cannot read"),
        ]
        for (name, content, mentions) in cases {
            let path = try content.map { try write(name, $0) } ?? directory + "/" + name
            XCTAssertThrowsError(try NodeConfiguration.settings(fromFile: path), name) { error in
                let message = (error as? ConfigurationError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("--config: "), "\(name): \(message)")
                XCTAssertTrue(message.contains(path), "\(name): names the file: \(message)")
                XCTAssertTrue(message.contains(mentions), "\(name): \(message)")
            }
        }
    }

    private func write(_ name: String, _ content: String) throws -> String {
        let path = directory + "/" + name
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
