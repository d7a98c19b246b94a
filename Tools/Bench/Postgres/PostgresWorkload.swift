import Foundation
import CaseSupport

/// The SQL PostgreSQL runs for the side-by-side benchmark: the same work as a
/// casestore filing (one transaction: a ~1.5 KB JSON record row with
/// Vietnamese names, and its "filed" event row), as a pgbench custom script.
public enum PostgresWorkload {
    /// Tables like casestore's: the dossier's JSON record under a unique code, and an append-only event log.
    /// `visibility_probe` is written by the standby-visibility probe only.
    public static let schemaSQL = """
        CREATE TABLE record (code text PRIMARY KEY, body text NOT NULL);
        CREATE TABLE event (id bigserial PRIMARY KEY, code text NOT NULL, body text NOT NULL);
        CREATE TABLE visibility_probe (id bigserial PRIMARY KEY, inserted_at timestamptz NOT NULL DEFAULT clock_timestamp());
        """

    /// Emptied before every measured run, so each starts from the same table sizes.
    public static let resetSQL = "TRUNCATE record, event, visibility_probe"

    /// The pgbench script of one filing. The record's code is a fresh UUID (unique, like a dossier
    /// code); the body is sent as a literal on every transaction, as a node receives it.
    public static func script(recordJSON: String) -> String {
        let record = pgbenchLiteral(recordJSON)
        let event = pgbenchLiteral(eventJSON)
        return """
            BEGIN;
            INSERT INTO record (code, body) VALUES (gen_random_uuid()::text, \(record)) RETURNING code \\gset
            INSERT INTO event (code, body) VALUES (:code, \(event));
            END;

            """
    }

    /// One realistic filing body from the same generator as the HTTP benchmark (same seed).
    public static func recordJSON(seed: UInt64 = 7) -> String {
        var factory = FilingFactory(seed: seed)
        return JSONWriter.string(factory.next()).precomposedStringWithCanonicalMapping
    }

    /// The "filed" event row: who filed what, when, in about the size of a casestore event header.
    public static let eventJSON = #"{"kind": "filed", "actor": "can-bo-mot-cua-3", "actorName": "Nguyễn Thị Hương", "procedureCode": "1.001193", "channel": "counter", "note": "Tiếp nhận hồ sơ tại bộ phận một cửa UBND xã Phước Long"}"#
        .precomposedStringWithCanonicalMapping

    /// `text` as a SQL string literal pgbench leaves alone. Quotes are doubled (SQL), and a
    /// space is put after any ':' followed by a letter, digit, '_' or non-ASCII byte: pgbench
    /// reads `:name` as a variable even inside quotes, and JSON's `"copies":1` would become one.
    /// The space changes no JSON value (it lands between a key and its value; our bodies
    /// have no ':' inside strings).
    public static func pgbenchLiteral(_ text: String) -> String {
        var output = "'"
        var previousWasColon = false
        for scalar in text.unicodeScalars {
            if previousWasColon && (scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || !scalar.isASCII) {
                output.append(" ")
            }
            if scalar == "'" { output.append("'") }
            output.unicodeScalars.append(scalar)
            previousWasColon = scalar == ":"
        }
        return output + "'"
    }
}
