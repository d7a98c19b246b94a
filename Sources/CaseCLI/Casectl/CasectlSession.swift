import CaseSupport

/// Runs casectl's commands against one node and prints their answers.
struct CasectlSession {
    let client: NodeClient
    let json: Bool
    let output: Casectl.Output

    /// Files under `idempotencyKey`, retrying unanswered exchanges with it (`SafeRetry`).
    func file(_ body: JSONValue, idempotencyKey: String) throws {
        let (dossier, replayed) = try client.post("/v1/dossiers", body, idempotencyKey: idempotencyKey, notice: output.error)
        print(dossier) { DossierRendering.summary(of: dossier, headline: replayed ? "Already filed (retry of the same request)" : "Filed") }
    }

    func show(code: String) throws {
        let dossier = try client.get("/v1/dossiers/\(FindOptions.percentEncoded(code))")
        print(dossier) { DossierRendering.details(of: dossier) }
    }

    /// Applies a step under `idempotencyKey`, as `file` files.
    func act(code: String, body: JSONValue, idempotencyKey: String) throws {
        let path = "/v1/dossiers/\(FindOptions.percentEncoded(code))/actions"
        let (dossier, replayed) = try client.post(path, body, idempotencyKey: idempotencyKey, notice: output.error)
        print(dossier) { DossierRendering.summary(of: dossier, headline: replayed ? "Already done (retry of the same request)" : "Updated") }
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
