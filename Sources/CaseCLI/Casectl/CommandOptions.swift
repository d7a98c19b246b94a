import CaseArguments
import CaseSupport

/// `casectl file` options → the JSON filing body of `POST /v1/dossiers`.
enum FilingOptions {
    /// A filing body is a few KB; a bigger --from-json file is a mistake.
    static let maxBodyBytes = 1_048_576

    static func body(from arguments: ParsedArguments, readInput: (String) throws -> [UInt8]) throws -> JSONValue {
        if let path = arguments.value("from-json") {
            return try jsonFile(path, readInput: readInput)
        }
        guard let procedure = arguments.value("procedure") else {
            throw CasectlUsageError(message: "missing --procedure (or give the whole filing with --from-json)")
        }
        var applicant: [String: JSONValue] = [:]
        applicant["fullName"] = arguments.value("name").map { .string($0) }
        applicant["idNumber"] = arguments.value("id-number").map { .string($0) }
        applicant["kind"] = arguments.flag("organisation") ? "organisation" : nil
        applicant["birthDate"] = arguments.value("birth-date").map { .string($0) }
        applicant["phone"] = arguments.value("phone").map { .string($0) }
        applicant["email"] = arguments.value("email").map { .string($0) }
        var address: [String: JSONValue] = [:]
        address["provinceCode"] = arguments.value("province").map { .string($0) }
        address["communeCode"] = arguments.value("commune").map { .string($0) }
        address["detail"] = arguments.value("address").map { .string($0) }
        if !address.isEmpty { applicant["address"] = .object(address) }
        var body: [String: JSONValue] = ["procedureCode": .string(procedure), "applicant": .object(applicant)]
        body["competentCentre"] = arguments.value("competent").map { .string($0) }
        body["channel"] = try channel(arguments)
        body["note"] = arguments.value("note").map { .string($0) }
        let documents = try arguments.values("document").map(document)
        if !documents.isEmpty { body["documents"] = .array(documents) }
        return .object(body)
    }

    /// `--online` or `--post`, at most one; nil: at the counter, the node's default.
    static func channel(_ arguments: ParsedArguments) throws -> JSONValue? {
        switch (arguments.flag("online"), arguments.flag("post")) {
        case (true, true): throw CasectlUsageError(message: "--online and --post name two channels; give at most one")
        case (true, false): return "online"
        case (false, true): return "post"
        case (false, false): return nil
        }
    }

    /// "Tờ khai:1:0" → {"name": "Tờ khai", "originals": 1, "copies": 0}.
    static func document(_ text: String) throws -> JSONValue {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), !parts[0].isEmpty else {
            throw CasectlUsageError(message: "--document '\(text)': expected NAME[:ORIGINALS[:COPIES]]")
        }
        var document: [String: JSONValue] = ["name": .string(parts[0])]
        for (index, key) in ["originals", "copies"].enumerated() where parts.count > index + 1 {
            guard let count = Int64(parts[index + 1]) else {
                throw CasectlUsageError(message: "--document '\(text)': \(key) must be a whole number")
            }
            document[key] = .int(count)
        }
        return .object(document)
    }

    static func jsonFile(_ path: String, readInput: (String) throws -> [UInt8]) throws -> JSONValue {
        let bytes: [UInt8]
        do {
            bytes = try readInput(path)
        } catch {
            throw CasectlUsageError(message: "--from-json: cannot read \(path): \(error)")
        }
        guard bytes.count <= maxBodyBytes else {
            throw CasectlUsageError(message: "--from-json: \(path) is larger than \(maxBodyBytes) bytes")
        }
        do {
            return try JSONParser().parse(bytes)
        } catch {
            throw CasectlUsageError(message: "--from-json: \(path) is not valid JSON: \(error)")
        }
    }
}

/// `casectl act CODE ACTION` options → the JSON body of `POST /v1/dossiers/{code}/actions`.
enum ActOptions {
    static func body(action: String, from arguments: ParsedArguments) throws -> JSONValue {
        var body: [String: JSONValue] = ["action": .string(action)]
        body["note"] = arguments.value("note").map { .string($0) }
        body["to"] = arguments.value("to").map { .string($0) }
        body["newDueAt"] = arguments.value("new-due-at").map { .string($0) }
        body["reason"] = arguments.value("reason").map { .string($0) }
        return .object(body)
    }
}

/// `casectl find` options → the query string of `GET /v1/dossiers`.
enum FindOptions {
    static func query(from arguments: ParsedArguments) throws -> String {
        var items: [(String, String)] = []
        if let text = arguments.positional("TEXT") { items.append(("q", text)) }
        if let idNumber = arguments.value("id-number") { items.append(("idNumber", idNumber)) }
        if let status = arguments.value("status") { items.append(("status", status)) }
        if let centre = arguments.value("centre") { items.append(("centre", centre)) }
        if arguments.flag("overdue") { items.append(("overdue", "true")) }
        if let limit = arguments.value("limit") { items.append(("limit", limit)) }
        if let offset = arguments.value("offset") { items.append(("offset", offset)) }
        return items.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes a query value (UTF-8), leaving only unreserved characters as they are.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
