/// The keys a dossier's row holds for its applicant's full name: `VietnameseText.searchKey`
/// and `VietnameseText.sortKey`, worked out together since the sort key ends with the
/// search key (folding names in the writer was about a tenth of storing a replicated filing).
public struct NameKeys: Sendable, Equatable {
    public let search: String
    public let sort: String

    public init(fullName: String) {
        search = VietnameseText.searchKey(fullName)
        sort = VietnameseText.searchKey(VietnameseText.givenName(fullName)) + "\u{1}" + search
    }
}
