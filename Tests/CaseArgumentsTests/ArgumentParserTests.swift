import XCTest
@testable import CaseArguments

final class ArgumentParserTests: XCTestCase {
    private let casectl = ArgumentParser(root: ArgumentFixtures.casectl)
    private let casenode = ArgumentParser(root: ArgumentFixtures.casenode)

    private func parsed(_ arguments: [String], with parser: ArgumentParser? = nil,
                        file: StaticString = #filePath, line: UInt = #line) throws -> ParsedArguments {
        let outcome = try (parser ?? casectl).parse(arguments)
        guard case .parsed(let result) = outcome else {
            XCTFail("expected a parse of \(arguments), got \(outcome)", file: file, line: line)
            throw ParseFailure()
        }
        return result
    }

    private struct ParseFailure: Error {}

    func testSubcommandPositionalsAndGlobalOptionsInAnyPosition() throws {
        struct Case { let arguments: [String]; let path: [String]; let node: String?; let json: Bool; let code: String? }
        let cases = [
            Case(arguments: ["show", "HS-1"], path: ["show"], node: nil, json: false, code: "HS-1"),
            Case(arguments: ["--node", "http://a:1", "show", "HS-1"], path: ["show"], node: "http://a:1", json: false, code: "HS-1"),
            Case(arguments: ["show", "HS-1", "--node=http://a:1"], path: ["show"], node: "http://a:1", json: false, code: "HS-1"),
            Case(arguments: ["show", "--json", "HS-1"], path: ["show"], node: nil, json: true, code: "HS-1"),
            Case(arguments: ["--json", "show", "--", "--HS-1"], path: ["show"], node: nil, json: true, code: "--HS-1"),
            Case(arguments: ["show", "-"], path: ["show"], node: nil, json: false, code: "-"),
            Case(arguments: ["show", "--node=", "HS-1"], path: ["show"], node: "", json: false, code: "HS-1"),
            Case(arguments: ["show", "--node", "a=b", "HS-1"], path: ["show"], node: "a=b", json: false, code: "HS-1"),
        ]
        for testCase in cases {
            let result = try parsed(testCase.arguments)
            XCTAssertEqual(result.commandPath, testCase.path, "\(testCase.arguments)")
            XCTAssertEqual(result.value("node"), testCase.node, "\(testCase.arguments)")
            XCTAssertEqual(result.flag("json"), testCase.json, "\(testCase.arguments)")
            XCTAssertEqual(result.positional("CODE"), testCase.code, "\(testCase.arguments)")
        }
    }

    func testSubcommandOptionsAndRepeatableValues() throws {
        let result = try parsed(["act", "HS-1", "--note", "-5 ngày", "accept", "--to", "n2",
                                 "--attach", "a.pdf", "--attach=b.pdf", "--json"])
        XCTAssertEqual(result.commandPath, ["act"])
        XCTAssertEqual(result.positional("CODE"), "HS-1")
        XCTAssertEqual(result.positional("ACTION"), "accept")
        XCTAssertEqual(result.value("note"), "-5 ngày")
        XCTAssertEqual(result.value("to"), "n2")
        XCTAssertEqual(result.values("attach"), ["a.pdf", "b.pdf"])
        XCTAssertEqual(result.value("attach"), "b.pdf")
        XCTAssertTrue(result.flag("json"))
        XCTAssertNil(result.value("node"))
    }

    func testNestedCommandsInheritOptionsOfEveryAncestor() throws {
        let result = try parsed(["cluster", "decommission", "n3", "--all", "--node", "http://n1", "n4"])
        XCTAssertEqual(result.commandPath, ["cluster", "decommission"])
        XCTAssertEqual(result.positional("NODE"), "n3")
        XCTAssertEqual(result.positional("SUCCESSOR"), "n4")
        XCTAssertTrue(result.flag("all"))
        XCTAssertEqual(result.value("node"), "http://n1")
    }

    func testOptionalAndVariadicPositionals() throws {
        let withoutSuccessor = try parsed(["cluster", "decommission", "n3"])
        XCTAssertNil(withoutSuccessor.positional("SUCCESSOR"))
        XCTAssertEqual(withoutSuccessor.positionals("SUCCESSOR"), [])

        let none = try parsed(["export"])
        XCTAssertEqual(none.positionals("CODE"), [])
        let many = try parsed(["export", "A", "B", "--json", "C"])
        XCTAssertEqual(many.positionals("CODE"), ["A", "B", "C"])
        XCTAssertEqual(many.positional("CODE"), "A")
    }

    func testFlagsOnlyProgram() throws {
        let result = try parsed(["--id", "n1", "--http=127.0.0.1:7401", "--version"], with: casenode)
        XCTAssertEqual(result.commandPath, [])
        XCTAssertEqual(result.value("id"), "n1")
        XCTAssertEqual(result.value("http"), "127.0.0.1:7401")
        XCTAssertNil(result.value("data"), "defaults are the caller's to apply")
        XCTAssertTrue(result.flag("version"))
        XCTAssertEqual(try parsed([], with: casenode).value("id"), nil)
    }

    func testValuesAreNormalisedToNFC() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n"
        let result = try parsed(["act", "HS-1", "accept", "--note", decomposed])
        XCTAssertEqual(Array(result.value("note")?.unicodeScalars ?? "".unicodeScalars),
                       Array("Nguy\u{1EC5}n".unicodeScalars))
    }

    func testHelpIsForTheCommandChosenSoFar() throws {
        struct Case { let arguments: [String]; let path: [String] }
        let cases = [
            Case(arguments: ["--help"], path: []),
            Case(arguments: ["-h"], path: []),
            Case(arguments: ["--help", "act"], path: []),
            Case(arguments: ["act", "--help"], path: ["act"]),
            Case(arguments: ["act", "HS-1", "-h", "--too"], path: ["act"]),
            Case(arguments: ["cluster", "decommission", "-h"], path: ["cluster", "decommission"]),
        ]
        for testCase in cases {
            XCTAssertEqual(try casectl.parse(testCase.arguments),
                           .helpRequested(text: casectl.helpText(for: testCase.path)), "\(testCase.arguments)")
        }
        XCTAssertEqual(try parsed(["show", "--", "-h"]).positional("CODE"), "-h", "after -- it is an argument")
    }

    func testErrorsSayWhatWasWrongInOneLine() {
        let cases: [(arguments: [String], message: String)] = [
            (["act", "HS-1", "accept", "--too"], "casectl act: unknown option '--too'; see 'casectl act --help'"),
            (["--to", "n2", "act", "HS-1", "accept"], "casectl: unknown option '--to'; see 'casectl --help'"),
            (["-x", "show"], "casectl: unknown option '-x'; see 'casectl --help'"),
            (["--=x", "show"], "casectl: unknown option '--'; see 'casectl --help'"),
            (["--node"], "casectl: missing value for --node"),
            (["show", "HS-1", "--node", "--json"], "casectl show: missing value for --node"),
            (["--json=yes", "show", "HS-1"], "casectl: --json is a flag and takes no value"),
            (["--node", "a", "--node=b", "show", "HS-1"], "casectl: --node given more than once"),
            (["--json", "show", "--json", "HS-1"], "casectl show: --json given more than once"),
            (["act", "HS-1"], "casectl act: missing argument ACTION; see 'casectl act --help'"),
            (["show"], "casectl show: missing argument CODE; see 'casectl show --help'"),
            (["show", "HS-1", "x"], "casectl show: unexpected argument 'x'; see 'casectl show --help'"),
            (["shw", "HS-1"], "casectl: unknown command 'shw'; did you mean 'show'?"),
            (["cluster", "stauts"], "casectl cluster: unknown command 'stauts'; did you mean 'status'?"),
            (["frobnicate"], "casectl: unknown command 'frobnicate'; see 'casectl --help'"),
            ([], "casectl: missing command; see 'casectl --help'"),
            (["--json"], "casectl: missing command; see 'casectl --help'"),
            (["cluster"], "casectl cluster: missing command; see 'casectl cluster --help'"),
            (["--id"], "casectl: unknown option '--id'; see 'casectl --help'"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try casectl.parse(testCase.arguments), "\(testCase.arguments)") { error in
                XCTAssertEqual((error as? ArgumentError)?.description, testCase.message, "\(testCase.arguments)")
            }
        }
    }

    func testErrorCarriesKindAndCommandPath() {
        XCTAssertThrowsError(try casectl.parse(["act", "HS-1", "accept", "--too"])) { error in
            XCTAssertEqual(error as? ArgumentError,
                           ArgumentError(.unknownOption("--too"), programName: "casectl", commandPath: ["act"]))
        }
    }

    func testArgumentCountAndLengthAreBounded() {
        let tooMany = ["export"] + Array(repeating: "A", count: ArgumentParser.maxArgumentCount)
        XCTAssertThrowsError(try casectl.parse(tooMany)) { error in
            XCTAssertEqual((error as? ArgumentError)?.description,
                           "casectl: 1025 arguments given; at most 1024 are allowed")
        }
        XCTAssertNoThrow(try casectl.parse(Array(tooMany.dropLast())))

        let long = String(repeating: "x", count: ArgumentParser.maxArgumentBytes + 1)
        XCTAssertThrowsError(try casectl.parse(["show", long])) { error in
            XCTAssertEqual((error as? ArgumentError)?.description,
                           "casectl: an argument of 131073 bytes was given; at most 131072 bytes are allowed")
        }
    }

    func testInvalidValueErrorMatchesTheParsersStyle() throws {
        let result = try parsed(["--http", "nowhere"], with: casenode)
        let error = result.invalidValue(for: "http", "nowhere", expected: "HOST:PORT")
        XCTAssertEqual(error.description, "casenode: invalid value 'nowhere' for --http; expected HOST:PORT")
    }

    func testAShortAliasStandsForItsLongOption() throws {
        let print = CommandSpec(
            name: "print", summary: "Print.",
            options: [.value("output", "FILE", help: "Where.", short: "o"), .value("form", "NN", help: "Which.")])
        let parser = ArgumentParser(root: CommandSpec(name: "tool", summary: "A tool.", subcommands: [print]))
        XCTAssertEqual(try parsed(["print", "-o", "a.html", "--form", "01"], with: parser).value("output"), "a.html")
        XCTAssertEqual(try parsed(["print", "--output", "b.html"], with: parser).value("output"), "b.html")
        XCTAssertThrowsError(try parser.parse(["print", "-f", "01"]), "only declared aliases")
        XCTAssertThrowsError(try parser.parse(["print", "-o", "a", "--output", "b"]), "an alias and its option are one option")
        XCTAssertTrue(parser.helpText(for: ["print"]).contains("-o, --output FILE"))
    }
}
