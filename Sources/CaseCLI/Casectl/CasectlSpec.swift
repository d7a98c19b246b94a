import CaseArguments
/// casectl's commands, options and help, declared in one place.
enum CasectlSpec {
    static let defaultNode = "http://127.0.0.1:7400"

    static let root = CommandSpec(
        name: "casectl",
        summary: "Talk to a casestore node: file and process dossiers, look them up.",
        discussion: """
            casectl sends HTTP or HTTPS requests to one node (--node, or the CASECTL_NODE \
            environment variable, default \(defaultNode)). It prints tables for people and JSON with --json. \
            It exits 0 on success, 1 when the node refuses or cannot be reached, 2 on a usage error.

            Every request carries an API token, the first found of: --token, the CASESTORE_TOKEN \
            environment variable, --token-file, and ./casestore-data/admin.token (the admin token \
            a node writes into its default data directory on its first start; valid at that \
            node only when the node has a cluster root key).

            The token goes only over https:// (the server's certificate checked against the \
            system trust store), or over plain http:// to this machine (localhost, 127.0.0.0/8, \
            ::1); anything else is refused unless --insecure-http is given. Commands that ask \
            every member (status, lag, watch, dossier --everywhere, verify) ask only members \
            whose API address the node vouches for (its own, or one a member's root-signed \
            certificate names) and that pass the same rule; the others are listed as skipped. \
            --trust-advertised-addresses asks the others at the addresses they advertise in \
            gossip, which anyone holding the cluster key can set, so use it only where every \
            member's address is known to be right.
            """,
        options: [
            .value("node", "URL", help: "The node to talk to: http://HOST:PORT or https://HOST[:PORT] (also CASECTL_NODE).", default: defaultNode),
            .flag("json", help: "Print the node's JSON answer instead of a table."),
            .value("token", "TOKEN", help: "The API token to send (also CASESTORE_TOKEN)."),
            .value("token-file", "PATH", help: "Read the API token from this file.", default: "./casestore-data/admin.token"),
            .flag("insecure-http", help: "UNSAFE on untrusted networks: allow sending the token over plain http to other machines."),
            .flag("trust-advertised-addresses", help: "UNSAFE: survey members at the API addresses they advertise, vouched for or not."),
        ],
        subcommands: [
            file, show, find, act, procedures,
            StatusCommand.spec,
            LagCommand.spec,
            DossierCommand.spec,
            LogCommand.spec,
            WatchCommand.spec,
            RetireCommand.spec,
            ReadmitCommand.spec,
            VerifyCommand.spec,
            ConflictsCommand.spec,
            BackupCommand.spec,
            ReportCommand.spec,
            PrintCommand.spec,
            TokenCommand.spec,
            HolidaysCommand.spec,
            ProvinceCommand.spec,
            CentreCommand.spec,
            IdentityCommands.root,
            IdentityCommands.key,
            IdentityCommands.certify,
            AuditCommand.spec,
        ],
        examples: [
            "casectl file --procedure 1.001612 --name 'Nguyễn Văn Ánh' --id-number 001090012345",
            "casectl show LOCAL-250701-0001",
            "casectl act LOCAL-250701-0001 start --note 'bắt đầu xử lý'",
            "casectl find 'nguyen van anh'",
            "casectl --node https://ba-dinh.hanoi.example status",
        ])

    static let file = CommandSpec(
        name: "file",
        summary: "File a dossier at the node (received at its counter).",
        discussion: """
            Give the fields as options, or a whole filing body as JSON with --from-json (use - for standard input). \
            \(retryDiscussion)
            """,
        options: [
            .value("procedure", "CODE", help: "Procedure code, e.g. 1.001612 (see 'casectl procedures')."),
            .value("name", "FULL-NAME", help: "Applicant's full name."),
            .value("id-number", "NUMBER", help: "Applicant's 12-digit CCCD (or tax code with --organisation)."),
            .flag("organisation", help: "The applicant is an organisation identified by its tax code."),
            .value("birth-date", "YYYY-MM-DD", help: "Applicant's date of birth."),
            .value("phone", "NUMBER", help: "Applicant's phone number."),
            .value("email", "ADDRESS", help: "Applicant's e-mail address."),
            .value("province", "CODE", help: "Province code of the applicant's address."),
            .value("commune", "CODE", help: "Commune code of the applicant's address."),
            .value("address", "TEXT", help: "Street address details."),
            .value("competent", "NODE", help: "Competent centre that resolves it.", default: "the node filed at"),
            .value("document", "NAME[:ORIGINALS[:COPIES]]", help: "A dossier component; repeat for each.", repeatable: true),
            .flag("online", help: "Submitted online: waits for a clerk to accept or refuse it."),
            .flag("post", help: "Sent by post (bưu chính): received on arrival, counted apart in reports."),
            .value("note", "TEXT", help: "A note for the history."),
            .value("from-json", "FILE", help: "Send this JSON filing body instead of the options above."),
            idempotencyKey,
        ],
        examples: [
            "casectl file --procedure 1.001612 --name 'Nguyễn Văn Ánh' --id-number 001090012345 --birth-date 1990-05-01 --document 'Tờ khai:1:0'",
            "casectl file --from-json filing.json",
        ])

    static let idempotencyKey = OptionSpec.value(
        "idempotency-key", "KEY", help: "Send under this key (16-128 printable ASCII) to repeat a request safely.", default: "a new random key")

    static let retryDiscussion = """
        The request carries an Idempotency-Key (a new random one, or --idempotency-key); when the node \
        does not answer, casectl sends the same request again with the same key (3 attempts), and the \
        node answers a repeat with the original dossier instead of making a second one. To repeat a \
        command casectl gave up on, run it again with the same --idempotency-key.
        """

    static let show = CommandSpec(
        name: "show",
        summary: "Show a dossier with its history.",
        positionals: [PositionalSpec("CODE", help: "The dossier code, e.g. LOCAL-250701-0001.")],
        examples: ["casectl show LOCAL-250701-0001"])

    static let find = CommandSpec(
        name: "find",
        summary: "Search dossiers by name (accents optional), code, identity number, status, centre.",
        options: [
            .value("id-number", "NUMBER", help: "Applicant's identity number."),
            .value("status", "STATUS", help: "Only dossiers in this status."),
            .value("centre", "NODE", help: "Only dossiers received, competent or handled at this centre."),
            .flag("overdue", help: "Only overdue dossiers."),
            .value("limit", "N", help: "At most this many results (1-500).", default: "50"),
            .value("offset", "N", help: "Skip this many results (for paging).", default: "0"),
        ],
        positionals: [PositionalSpec("TEXT", help: "Part of the applicant's name, or a dossier code.", optional: true)],
        examples: ["casectl find 'nguyen van anh'", "casectl find --status processing --overdue"])

    static let act = CommandSpec(
        name: "act",
        summary: "Apply a workflow step to a dossier.",
        discussion: """
            ACTION is one of: accept, refuse (needs --reason), transfer (needs --to), start, \
            request-supplement (needs --reason), supplement, request-payment, paid, \
            request-withdrawal, stop (needs --reason), resolve, return, apologize (needs \
            --new-due-at and --reason), note. \(retryDiscussion)
            """,
        options: [
            .value("note", "TEXT", help: "A note for the history."),
            .value("to", "NODE", help: "transfer: the centre taking the dossier over."),
            .value("new-due-at", "TIME", help: "apologize: the new due date, e.g. 2025-07-10T17:00:00+07:00."),
            .value("reason", "TEXT", help: "apologize, refuse, request-supplement, stop: the reason the form states."),
            idempotencyKey,
        ],
        positionals: [
            PositionalSpec("CODE", help: "The dossier code."),
            PositionalSpec("ACTION", help: "The step to apply."),
        ],
        examples: [
            "casectl act LOCAL-250701-0001 start",
            "casectl act LOCAL-250701-0001 transfer --to n2 --note 'thuộc thẩm quyền xã B'",
        ])

    static let procedures = CommandSpec(
        name: "procedures",
        summary: "List the procedures this node accepts, with time limits and fees.",
        examples: ["casectl procedures", "casectl procedures --json"])
}
