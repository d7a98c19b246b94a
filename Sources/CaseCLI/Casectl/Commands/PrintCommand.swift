import CaseArguments
import Foundation

/// `casectl print`: a printed form of Circular 01/2018/TT-VPCP as the node renders it
/// (self-contained HTML, docs/forms.md), to standard output or a file to open and print.
enum PrintCommand {
    static let spec = CommandSpec(
        name: "print",
        summary: "Print a form: 01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 control slip (of a dossier), 06 register (of a period).",
        discussion: """
            Forms 01 to 05 are a dossier's and need CODE; 02, 03 and 04 exist only when the \
            dossier had that step (a supplement request, a refusal, an apology). Form 06 is the \
            register of the dossiers a centre received in a period: no CODE, and --from, --to \
            and --centre as for 'casectl report' (default: the current month at the node's own \
            centre). The HTML needs nothing from the network: open it in a browser and print on A4.

            The receipt (01) carries the citizen's lookup PIN only when it is printed with it: \
            --pin with the PIN 'casectl file' showed, or --new-pin to make a new one (the old \
            PIN stops working; the new one is printed on the receipt and told on standard error).
            """,
        options: [
            .value("form", "NN", help: "The form's number, 01 to 06."),
            .value("output", "FILE", help: "Write the HTML to FILE (created owner-only) instead of standard output.", short: "o"),
            .value("from", "YYYY-MM-DD", help: "06: first day of the period.", default: "the first day of the month"),
            .value("to", "YYYY-MM-DD", help: "06: last day of the period.", default: "the last day of the month, or today with --from"),
            .value("centre", "NODE", help: "06: the centre whose register to print.", default: "the node's own"),
            .value("pin", "NNNNNN", help: "01: print this lookup PIN, the one the filing answered (the node checks it is the dossier's)."),
            .flag("new-pin", help: "01: make a new lookup PIN and print it; the dossier's old PIN stops working."),
        ],
        positionals: [PositionalSpec("CODE", help: "The dossier code (forms 01 to 05).", optional: true)],
        examples: [
            "casectl print LOCAL-250701-0001 --form 01 -o receipt.html",
            "casectl print LOCAL-250701-0001 --form 01 --new-pin -o receipt.html",
            "casectl print LOCAL-250701-0001 --form 05",
            "casectl print --form 06 --from 2026-11-01 --to 2026-11-30 -o register-2026-11.html",
        ])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        if session.json { throw CasectlUsageError(message: "--json does not apply: a form is HTML (use 'casectl show CODE --json' for the dossier's JSON)") }
        let path = try requestPath(arguments)
        let page: [UInt8]
        if let pin = try lookupPin(arguments, session) {
            page = try session.client.page("POST", path, body: ["lookupPin": .string(pin)], accept: "text/html")
        } else {
            page = try session.client.getPage(path, accept: "text/html")
        }
        if let file = arguments.value("output") {
            do {
                try Data(page).write(to: URL(fileURLWithPath: file), options: .atomic)
            } catch {
                throw CasectlFailure(message: "cannot write \(file): \(error.localizedDescription)")
            }
        } else {
            // The output ends every text with a newline; the page already ends with one.
            var text = String(decoding: page, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            session.output.standard(text)
        }
    }

    /// The PIN to print on the receipt: the one given (--pin), or one the node makes now
    /// (--new-pin, told on standard error too, as a receipt written to a file hides it); nil
    /// without either.
    static func lookupPin(_ arguments: ParsedArguments, _ session: CasectlSession) throws -> String? {
        let given = arguments.value("pin"), renew = arguments.flag("new-pin")
        guard given != nil || renew else { return nil }
        guard arguments.value("form") == "01", let code = arguments.positional("CODE") else {
            throw CasectlUsageError(message: "--pin and --new-pin print the receipt: use them with --form 01 and a CODE")
        }
        if given != nil && renew { throw CasectlUsageError(message: "give --pin or --new-pin, not both") }
        if let given { return given }
        let answer = try session.client.post("/v1/dossiers/\(FindOptions.percentEncoded(code))/lookup-pin", .object([:]))
        guard let pin = answer["lookupPin"]?.stringValue else { throw CasectlFailure(message: "the node answered no lookup PIN") }
        session.output.error("new lookup PIN for \(code): \(pin) (printed on the receipt; the old PIN no longer works)")
        return pin
    }

    /// The node's path for the form asked for, or a usage error saying what is missing or extra.
    static func requestPath(_ arguments: ParsedArguments) throws -> String {
        guard let form = arguments.value("form") else {
            throw CasectlUsageError(message: "missing --form NN (01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 control slip, 06 register)")
        }
        let periodOptions = ["from", "to", "centre"].filter { arguments.value($0) != nil }
        switch form {
        case "01", "02", "03", "04", "05":
            guard let code = arguments.positional("CODE") else { throw CasectlUsageError(message: "form \(form) is a dossier's: give its CODE") }
            if let option = periodOptions.first { throw CasectlUsageError(message: "--\(option) is for the register (--form 06), not form \(form)") }
            return "/v1/dossiers/\(FindOptions.percentEncoded(code))/forms/\(form)"
        case "06":
            if arguments.positional("CODE") != nil { throw CasectlUsageError(message: "form 06 is a period's register: give --from/--to/--centre, not a CODE") }
            let query = periodOptions.map { "\($0)=\(FindOptions.percentEncoded(arguments.value($0)!))" }.joined(separator: "&")
            return "/v1/forms/06" + (query.isEmpty ? "" : "?\(query)")
        default:
            throw CasectlUsageError(message: "--form must be 01, 02, 03, 04, 05 or 06, got '\(form.prefix(20))'")
        }
    }
}
