import CaseArguments

/// Command trees shaped like the real casectl and casenode, shared by the argument tests.
enum ArgumentFixtures {
    static let casectl = CommandSpec(
        name: "casectl",
        summary: "Work with a casestore node: dossiers, reports and the cluster.",
        options: [
            .value("node", "URL", help: "The node to talk to.", default: "$CASECTL_NODE or http://127.0.0.1:7400"),
            .flag("json", help: "Print JSON instead of tables."),
        ],
        subcommands: [
            CommandSpec(
                name: "show",
                summary: "Show one dossier and its history.",
                positionals: [PositionalSpec("CODE", help: "The dossier code.")]
            ),
            CommandSpec(
                name: "act",
                summary: "Record an action on a dossier.",
                discussion: "The action must be allowed in the dossier's current state.\nSee 'casectl show CODE' for the state.",
                options: [
                    .value("note", "TEXT", help: "A note kept in the history."),
                    .value("to", "NODE", help: "The node that takes the dossier over."),
                    .value("attach", "FILE", help: "A file to attach.", repeatable: true),
                ],
                positionals: [
                    PositionalSpec("CODE", help: "The dossier code."),
                    PositionalSpec("ACTION", help: "What to do: accept, return, hand-over, finish."),
                ],
                examples: [
                    "casectl act HS-2025-000123 accept --note \"Đủ hồ sơ\"",
                    "casectl act HS-2025-000123 hand-over --to n2",
                ]
            ),
            CommandSpec(
                name: "export",
                summary: "Write dossiers as JSON lines.",
                positionals: [PositionalSpec("CODE", help: "Dossiers to export; all when none.", optional: true, variadic: true)]
            ),
            CommandSpec(
                name: "cluster",
                summary: "Inspect and change cluster membership.",
                options: [.flag("all", help: "Include departed members.")],
                subcommands: [
                    CommandSpec(name: "status", summary: "Show every member and its state."),
                    CommandSpec(
                        name: "decommission",
                        summary: "Hand a node's dossiers over and remove it.",
                        positionals: [
                            PositionalSpec("NODE", help: "The node to remove."),
                            PositionalSpec("SUCCESSOR", help: "The node that takes its dossiers.", optional: true),
                        ]
                    ),
                ]
            ),
        ],
        examples: ["casectl show HS-2025-000123", "casectl --json cluster status"]
    )

    static let casenode = CommandSpec(
        name: "casenode",
        summary: "Run one casestore node.",
        options: [
            .value("id", "NAME", help: "This node's id, unique in the cluster."),
            .value("data", "DIR", help: "Where the node keeps its database.", default: "./casestore-data"),
            .value("http", "HOST:PORT", help: "Address of the HTTP API.", default: "127.0.0.1:7400"),
            .value("agency", "CODE", help: "The centre this node serves."),
            .value("catalogue", "FILE", help: "Procedure catalogue JSON.", default: "built in"),
            .value("holidays", "FILE", help: "Public holidays JSON.", default: "built in"),
            .value("config", "FILE", help: "Read options from a file; flags given here win."),
            .flag("version", help: "Print the version and exit."),
        ]
    )
}
