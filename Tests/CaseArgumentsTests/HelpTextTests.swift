import XCTest
import CaseArguments

final class HelpTextTests: XCTestCase {
    private let casectl = ArgumentParser(root: ArgumentFixtures.casectl)

    func testRootHelpListsOptionsCommandsAndExamples() {
        XCTAssertEqual(casectl.helpText(for: []), """
            Usage: casectl [options] COMMAND [ARGS...]

            Work with a casestore node: dossiers, reports and the cluster.

            Options:
              --node URL  The node to talk to. (default: $CASECTL_NODE or http://127.0.0.1:7400)
              --json      Print JSON instead of tables.
              -h, --help  Show this help.

            Commands:
              show        Show one dossier and its history.
              act         Record an action on a dossier.
              export      Write dossiers as JSON lines.
              cluster     Inspect and change cluster membership.

            Examples:
              casectl show HS-2025-000123
              casectl --json cluster status

            """)
    }

    func testSubcommandHelpShowsArgumentsOwnAndGlobalOptions() {
        XCTAssertEqual(casectl.helpText(for: ["act"]), """
            Usage: casectl act [options] CODE ACTION

            Record an action on a dossier.

            The action must be allowed in the dossier's current state.
            See 'casectl show CODE' for the state.

            Arguments:
              CODE           The dossier code.
              ACTION         What to do: accept, return, hand-over, finish.

            Options:
              --note TEXT    A note kept in the history.
              --to NODE      The node that takes the dossier over.
              --attach FILE  A file to attach. (repeatable)
              -h, --help     Show this help.

            Global options:
              --node URL     The node to talk to. (default: $CASECTL_NODE or http://127.0.0.1:7400)
              --json         Print JSON instead of tables.

            Examples:
              casectl act HS-2025-000123 accept --note "Đủ hồ sơ"
              casectl act HS-2025-000123 hand-over --to n2

            """)
    }

    func testNestedCommandInheritsOptionsFromEveryAncestor() {
        XCTAssertEqual(casectl.helpText(for: ["cluster", "decommission"]), """
            Usage: casectl cluster decommission [options] NODE [SUCCESSOR]

            Hand a node's dossiers over and remove it.

            Arguments:
              NODE        The node to remove.
              SUCCESSOR   The node that takes its dossiers.

            Options:
              -h, --help  Show this help.

            Global options:
              --node URL  The node to talk to. (default: $CASECTL_NODE or http://127.0.0.1:7400)
              --json      Print JSON instead of tables.
              --all       Include departed members.

            """)
    }

    func testVariadicOptionalPositionalInUsage() {
        let usage = casectl.helpText(for: ["export"]).split(separator: "\n").first
        XCTAssertEqual(usage, "Usage: casectl export [options] [CODE...]")
    }

    func testFlagsOnlyProgramHelpShowsDefaults() {
        XCTAssertEqual(ArgumentParser(root: ArgumentFixtures.casenode).helpText(for: []), """
            Usage: casenode [options]

            Run one casestore node.

            Options:
              --id NAME         This node's id, unique in the cluster.
              --data DIR        Where the node keeps its database. (default: ./casestore-data)
              --http HOST:PORT  Address of the HTTP API. (default: 127.0.0.1:7400)
              --agency CODE     The centre this node serves.
              --catalogue FILE  Procedure catalogue JSON. (default: built in)
              --holidays FILE   Public holidays JSON. (default: built in)
              --config FILE     Read options from a file; flags given here win.
              --version         Print the version and exit.
              -h, --help        Show this help.

            """)
    }

    func testVeryLongTermPutsHelpOnTheNextLine() {
        let root = CommandSpec(name: "tool", summary: "A tool.", options: [
            .value("a-really-long-option-name", "VALUE", help: "Long one."),
            .flag("x", help: "Short one."),
        ])
        XCTAssertEqual(ArgumentParser(root: root).helpText(for: []), """
            Usage: tool [options]

            A tool.

            Options:
              --a-really-long-option-name VALUE
                                        Long one.
              --x                       Short one.
              -h, --help                Show this help.

            """)
    }

    func testNoLineEndsInWhitespace() {
        for path in [[], ["act"], ["show"], ["export"], ["cluster"], ["cluster", "status"], ["cluster", "decommission"]] {
            for line in casectl.helpText(for: path).split(separator: "\n") {
                XCTAssertFalse(line.hasSuffix(" "), "help for \(path): '\(line)'")
            }
        }
    }
}
