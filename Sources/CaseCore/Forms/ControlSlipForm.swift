import CaseSupport

/// Mẫu 05, the processing control slip: every step of the history (who, which centre, when,
/// what), each judged on time or late against the due date in force when it was taken.
struct ControlSlipForm {
    var dossier: Dossier
    var context: FormContext

    func html() -> String {
        var body = FormPage.line("Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ", dossier.code)
        body += FormPage.line("Cơ quan, bộ phận tiếp nhận hồ sơ", context.centreName(dossier.receivingCentre))
        body += FormPage.line("Cơ quan chủ trì giải quyết", context.centreName(dossier.competentCentre))
        body += FormPage.line("Cơ quan đang giải quyết", context.centreName(dossier.handlingCentre))
        if let original = dossier.originalCentre { body += FormPage.line("Cơ quan giải quyết trước khi sáp nhập", context.centreName(original)) }
        body += FormPage.line("Thủ tục", "\(dossier.procedureName) (mã \(dossier.procedureCode))")
        body += FormPage.line("Người nộp", dossier.applicant.fullName)
        body += FormPage.line("Hạn trả kết quả ban đầu", FormVocabulary.short(dossier.originalDueAt))
        body += FormPage.line("Tình trạng", FormVocabulary.status(dossier.status))
        body += "<div class=\"scroll\"><table><thead><tr><th>STT</th><th>Bước xử lý</th><th>Cơ quan</th><th>Người thực hiện</th>"
        body += "<th>Thời gian</th><th>Trạng thái</th><th>Kết quả</th><th>Ghi chú</th></tr></thead><tbody>"
        body += rows().joined()
        body += "</tbody></table></div>"
        return DossierForms.page(.controlSlip, dossier, centre: dossier.handlingCentre, context: context).html(body: body)
    }

    private func rows() -> [String] {
        let receiptIndex = dossier.history.firstIndex { $0.applied && ($0.to == .received || $0.to == .processing) }
        return dossier.history.enumerated().map { index, step in
            let due = Self.dueInForce(before: index, in: dossier)
            let judgement: String
            if let receiptIndex, index >= receiptIndex, step.applied {
                judgement = step.at <= due ? "Đúng hạn" : "Quá hạn"
            } else {
                judgement = "–"
            }
            let transition = step.from.flatMap { $0 == step.to ? nil : "\(FormVocabulary.status($0)) → " } ?? ""
            var remarks = [step.note, step.details["reason"]?.stringValue].compactMap { $0 }
            if let to = step.details["to"]?.stringValue { remarks.append("đến \(context.centreName(to))") }
            if let newDue = step.details["newDueAt"]?.stringValue.flatMap(VietnamTime.parseISO8601(_:)) {
                remarks.append("hạn mới \(FormVocabulary.short(newDue))")
            }
            if let conflict = step.conflict { remarks.append("không áp dụng: \(conflict)") }
            let cells = [
                String(index + 1), FormVocabulary.action(step.action), context.centreName(step.centre), step.actor,
                FormVocabulary.short(step.at), transition + FormVocabulary.status(step.to), judgement, remarks.joined(separator: "; "),
            ]
            return "<tr>" + cells.map { "<td>\(MarkupText.escape($0))</td>" }.joined() + "</tr>"
        }
    }

    /// The due date in force just before history step `index`: the original one, moved by
    /// every earlier applied step that set a new one (a supplement's restart, an apology).
    static func dueInForce(before index: Int, in dossier: Dossier) -> Instant {
        var due = dossier.originalDueAt
        for step in dossier.history[..<index] where step.applied {
            if let moved = step.details["newDueAt"]?.stringValue.flatMap(VietnamTime.parseISO8601(_:)) { due = moved }
        }
        return due
    }
}
