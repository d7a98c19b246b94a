import CaseSupport

/// Runs casectl's commands against one node and prints their answers.
struct CasectlSession {
    let client: NodeClient
    let json: Bool
    let output: Casectl.Output

    func file(_ body: JSONValue) throws {
        let dossier = try client.post("/v1/dossiers", body)
        print(dossier) { DossierRendering.summary(of: dossier, headline: "Filed") }
    }

    func show(code: String) throws {
        let dossier = try client.get("/v1/dossiers/\(FindOptions.percentEncoded(code))")
        print(dossier) { DossierRendering.details(of: dossier) }
    }

    func act(code: String, body: JSONValue) throws {
        let dossier = try client.post("/v1/dossiers/\(FindOptions.percentEncoded(code))/actions", body)
        print(dossier) { DossierRendering.summary(of: dossier, headline: "Updated") }
    }

    func find(query: String) throws {
        let page = try client.get("/v1/dossiers" + (query.isEmpty ? "" : "?\(query)"))
        print(page) { DossierRendering.searchResults(page) }
    }

    func procedures() throws {
        let list = try client.get("/v1/procedures")
        print(list) { DossierRendering.procedures(list) }
    }

    private func print(_ value: JSONValue, table: () -> String) {
        output.standard(json ? JSONWriter.string(value, pretty: true) : table())
    }
}
