/// What a filing pays: each fee of its procedure counted by its unit over the filing's
/// documents (docs/fees.md). Pure: the receiving node calls it when it files, and records
/// the lines in the event.
///
/// Counts: the documents that state `pages` or `copiesRequested` are counted, a missing one
/// of the two as 1; when none states either, the filing counts as one copy of one page (a
/// filing that says nothing pays what a per-case fee would).
public enum FeeCalculation {
    /// The lines of `fees` for `documents`, in the catalogue's order.
    public static func lines(_ fees: [Fee], documents: [DocumentItem]) -> [FeeLine] {
        let stated = documents.filter(\.statesFeeCounts)
        let counted = stated.isEmpty ? [(pages: 1, copies: 1)] : stated.map { ($0.pages ?? 1, $0.copiesRequested ?? 1) }
        return fees.map { line(for: $0, counted: counted) }
    }

    /// The total of `lines`, saturating (the catalogue bounds fees far below overflow).
    public static func total(_ lines: [FeeLine]) -> Int64 {
        lines.reduce(0) { saturating($0, plus: $1.totalVND) }
    }

    /// Whether any of `fees` is counted by something other than the case: only then do the
    /// lines say more than the sum, and only then does a filing record them.
    public static func needsLines(_ fees: [Fee]) -> Bool {
        fees.contains { $0.unit != .perCase }
    }

    private static func line(for fee: Fee, counted: [(pages: Int, copies: Int)]) -> FeeLine {
        var quantity: Int64 = 0, total: Int64 = 0
        switch fee.unit {
        case .perCase:
            (quantity, total) = (1, fee.amountVND)
        case .perCopy:
            quantity = counted.reduce(0) { $0 + Int64($1.copies) }
            total = saturating(fee.amountVND, times: quantity)
        case .perPage:
            for document in counted {
                let pages = Int64(pagesInRange(of: fee, documentPages: document.pages))
                let oneCopy = min(saturating(fee.amountVND, times: pages), fee.maxPerCopyVND ?? .max)
                quantity += pages * Int64(document.copies)
                total = saturating(total, plus: saturating(oneCopy, times: Int64(document.copies)))
            }
        }
        return FeeLine(
            name: fee.name, unit: fee.unit.rawValue, amountVND: fee.amountVND, quantity: quantity,
            maxPerCopyVND: fee.maxPerCopyVND, totalVND: total)
    }

    /// Pages `fromPage...toPage` of a document of `documentPages` pages.
    private static func pagesInRange(of fee: Fee, documentPages: Int) -> Int {
        let last = min(documentPages, fee.toPage ?? documentPages)
        return max(0, last - (fee.fromPage ?? 1) + 1)
    }

    private static func saturating(_ a: Int64, times b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }

    private static func saturating(_ a: Int64, plus b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}
